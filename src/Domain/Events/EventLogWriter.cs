using Azure;
using Azure.Data.Tables;
using Sluice.Ingestion;

namespace Sluice.Events;

/// <summary>
/// Appends a batch's events to the log so that any number of deliveries has the effect of one. An event belongs to
/// the first batch whose guard row landed; a later batch with the same event id (a client retry) adds nothing;
/// a redelivery of the owning batch finds its own guard and counts the event as its own again.
/// </summary>
public sealed class EventLogWriter(SluiceTables tables)
{
    /// <summary>Two rows per event, so a transaction (100 actions at most) holds 50 events.</summary>
    private const int EventsPerTransaction = TableTransactions.MaxActions / 2;

    /// <summary>Writes the events; returns those this batch owns (newly written, or written by an earlier delivery of it).</summary>
    public async Task<IReadOnlyList<EventEnvelope>> AppendAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var groups = batch.Events
            .GroupBy(e => EventShards.PartitionOf(e.TenantId, e.Id))
            .SelectMany(g => g.Chunk(EventsPerTransaction));
        var owned = await Task.WhenAll(groups.Select(group => AppendGroupAsync(batch.Id, group, cancellationToken)));
        return owned.SelectMany(o => o).ToArray();
    }

    private async Task<IReadOnlyList<EventEnvelope>> AppendGroupAsync(string batchId, IReadOnlyList<EventEnvelope> group, CancellationToken cancellationToken)
    {
        var owned = new List<EventEnvelope>();
        var pending = group.ToList();
        while (pending.Count > 0)
        {
            try
            {
                await TableTransactions.SubmitAsync(tables.Events,
                    pending.SelectMany(e => new TableTransactionAction[]
                    {
                        new(TableTransactionActionType.Add, EventRows.Guard(e, batchId)),
                        new(TableTransactionActionType.Add, EventRows.Log(e, batchId)),
                    }).ToArray(), cancellationToken);
                owned.AddRange(pending);
                return owned;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Some guards exist already: sort those events out, then write the rest.
                var existing = await Task.WhenAll(pending.Select(async ev => (Event: ev, Owner: await OwnerAsync(ev, cancellationToken))));
                owned.AddRange(existing.Where(x => x.Owner == batchId).Select(x => x.Event));
                pending = existing.Where(x => x.Owner is null).Select(x => x.Event).ToList();
            }
        }

        return owned;
    }

    private async Task<string?> OwnerAsync(EventEnvelope e, CancellationToken cancellationToken)
    {
        var guard = await tables.Events.GetEntityIfExistsAsync<TableEntity>(
            EventShards.PartitionOf(e.TenantId, e.Id), EventRows.GuardRow(e.Id), ["BatchId"], cancellationToken);
        return guard.HasValue ? guard.Value!.GetString("BatchId") : null;
    }
}
