using Azure.Data.Tables;

namespace Sluice.Events;

/// <summary>
/// Reads a tenant's log newest first. The shards are queried side by side and merged by log row key, which orders
/// them globally by received time, so one cursor (the last row key returned) pages through all of them.
/// </summary>
public sealed class EventLogReader(SluiceTables tables)
{
    public async Task<(IReadOnlyList<StoredEvent> Events, string? NextCursor)> ReadAsync(
        string tenantId, string? type, DateTimeOffset? from, DateTimeOffset? until, string? cursor, int limit, CancellationToken cancellationToken)
    {
        // Newer rows sort first: "until" is the lower row key bound, "from" the upper one. '~' sorts after the '_'
        // that follows the ticks, so "t_{ticks}~" lies after every row of that exact tick.
        var lower = cursor ?? (until is { } u ? EventRows.LogBound(u.AddTicks(1)) + "~" : EventRows.LogPrefix);
        var upper = from is { } f ? EventRows.LogBound(f) + "~" : EventRows.LogPrefix + "~";
        var perShard = await Task.WhenAll(tables.EventLogPartitions(tenantId).Select(log =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {log.Partition} and RowKey gt {lower} and RowKey lt {upper}");
            if (type is not null)
            {
                filter += " and " + TableClient.CreateQueryFilter($"Type eq {type}");
            }

            return TakeAsync(log.Table, filter, limit, cancellationToken);
        }));

        var merged = perShard.SelectMany(s => s).OrderBy(e => e.Cursor, StringComparer.Ordinal).Take(limit + 1).ToList();
        var more = merged.Count > limit;
        var page = merged.Take(limit).ToArray();
        return (page, more ? page[^1].Cursor : null);
    }

    /// <summary>The event, or the event-not-found problem (also for an id that no event can have).</summary>
    public async Task<StoredEvent> GetAsync(string tenantId, string eventId, CancellationToken cancellationToken) =>
        (Ingestion.EventLimits.IdPattern().IsMatch(eventId) ? await FindAsync(tenantId, eventId, cancellationToken) : null)
        ?? throw new ProblemException(ProblemTypes.EventNotFound, $"There is no event '{eventId}' in this tenant's log (yet: processing takes a moment).");

    private async Task<StoredEvent?> FindAsync(string tenantId, string eventId, CancellationToken cancellationToken)
    {
        var guard = await tables.EventIds.GetEntityIfExistsAsync<TableEntity>(
            EventShards.GuardPartitionOf(tenantId, eventId), EventRows.GuardRow(eventId), ["LogRow"], cancellationToken);
        if (!guard.HasValue)
        {
            return null;
        }

        var row = await tables.EventLogOf(eventId).GetEntityIfExistsAsync<TableEntity>(
            EventShards.LogPartitionOf(tenantId, eventId), guard.Value!.GetString("LogRow"), cancellationToken: cancellationToken);
        return row.HasValue ? EventRows.ToEvent(row.Value!) : null;
    }

    /// <summary>Up to <paramref name="count"/> rows of one shard, following the service's own page breaks.</summary>
    private static async Task<List<StoredEvent>> TakeAsync(TableClient shard, string filter, int count, CancellationToken cancellationToken)
    {
        var rows = new List<StoredEvent>(count);
        await foreach (var row in shard.QueryAsync<TableEntity>(filter, maxPerPage: count, cancellationToken: cancellationToken))
        {
            rows.Add(EventRows.ToEvent(row));
            if (rows.Count == count)
            {
                break;
            }
        }

        return rows;
    }
}
