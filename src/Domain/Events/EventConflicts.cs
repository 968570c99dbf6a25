using Azure.Data.Tables;
using Sluice.Ingestion;
using Sluice.Storage;

namespace Sluice.Events;

/// <summary>An event refused because its id was already taken by other content.</summary>
public sealed record EventConflict(string Id, string Type, string Payload, DateTimeOffset? OccurredAt, DateTimeOffset ReceivedAt, DateTimeOffset DetectedAt, string Reason);

/// <summary>
/// Events that named an id already in the log with other content. Processing records each here (once: the row key
/// is the id and the refused content's digest, so a redelivery writes the same row) and the tenant reads them back
/// (<c>GET /api/conflicts</c>): the log keeps the first content, and the second is not lost without a word.
/// </summary>
public sealed class EventConflicts(SluiceTables tables, TimeProvider clock)
{
    /// <summary>The stored copy of a refused payload is cut here (the log keeps payloads whole; this is evidence).</summary>
    private const int MaxStoredPayloadChars = 16 * 1024;

    public static string Partition(string tenantId) => $"{tenantId}_conflicts";

    public async Task RecordAsync(IReadOnlyList<EventEnvelope> refused, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var tenant in refused.GroupBy(e => e.TenantId))
        {
            foreach (var chunk in tenant.Chunk(TableTransactions.MaxActions))
            {
                await TableTransactions.SubmitAsync(tables.EventIds, chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(Partition(e.TenantId), $"{e.Id}|{EventDigest.Of(e)}")
                    {
                        ["EventId"] = e.Id,
                        ["Type"] = e.Type,
                        ["Payload"] = e.Payload.Length > MaxStoredPayloadChars ? e.Payload[..MaxStoredPayloadChars] : e.Payload,
                        ["OccurredAt"] = e.OccurredAt,
                        ["ReceivedAt"] = e.ReceivedAt,
                        ["DetectedAt"] = now,
                    })).ToArray(), cancellationToken);
            }
        }
    }

    /// <summary>The tenant's conflicts, at most <paramref name="max"/>, by event id.</summary>
    public async Task<IReadOnlyList<EventConflict>> ListAsync(string tenantId, int max, CancellationToken cancellationToken)
    {
        var found = new List<EventConflict>(max);
        await foreach (var row in tables.EventIds.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(tenantId)}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            var id = row.GetString("EventId");
            found.Add(new EventConflict(id, row.GetString("Type"), row.GetString("Payload"), row.GetDateTimeOffset("OccurredAt"),
                row.GetDateTimeOffset("ReceivedAt") ?? default, row.GetDateTimeOffset("DetectedAt") ?? default,
                $"Event id '{id}' was already accepted with other content; the log keeps the first, and this one was not added."));
            if (found.Count == max)
            {
                break;
            }
        }

        return found;
    }
}
