using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Sluice.Ingestion;

namespace Sluice.Events;

/// <summary>
/// Appends batches' events to the log so that any number of deliveries has the effect of one, in two steps. First
/// the guards: an event belongs to the first batch whose guard row landed; a later batch with the same event id (a
/// client retry) adds nothing; a redelivery of the owning batch finds its own guard and counts the event as its own
/// again. Then the log rows of the events these batches own: a row's key and content follow from the owning batch
/// alone, so a row that exists already (an earlier delivery got this far) is simply written again.
/// Several batches are written together so that each partition gets one fuller transaction instead of one per batch.
/// An event whose id another batch owns with other content (<see cref="EventDigest"/>) is a conflict, not a duplicate.
/// </summary>
public sealed class EventLogWriter(SluiceTables tables, StorageDependencies storage)
{
    /// <summary>
    /// Writes the events; returns, for each batch in order, those it owns (newly written, or written by an earlier
    /// delivery of it), and the events refused because their id was taken by other content.
    /// </summary>
    public async Task<(IReadOnlyList<IReadOnlyList<EventEnvelope>> Owned, IReadOnlyList<EventEnvelope> Conflicts)> AppendAsync(IReadOnlyList<EventBatch> batches, CancellationToken cancellationToken)
    {
        // One claim per event id: the first batch naming it claims it, the others learn its owner from the guard.
        var claims = batches.SelectMany(b => b.Events.Select(e => new Claim(b.Id, e))).DistinctBy(c => c.Key).ToArray();
        var claimed = new ConcurrentQueue<KeyValuePair<(string, string), Owner>>();
        await InTurnAsync(InTransactions(claims, c => EventShards.GuardPartitionOf(c.Event.TenantId, c.Event.Id)), async (group, ct) =>
        {
            foreach (var owner in await ClaimAsync(group, ct))
            {
                claimed.Enqueue(owner);
            }
        }, cancellationToken);
        var owners = claimed.ToDictionary();

        var owned = batches.Select(b => (IReadOnlyList<EventEnvelope>)b.Events
            .DistinctBy(e => (e.TenantId, e.Id))
            .Where(e => owners.GetValueOrDefault((e.TenantId, e.Id))?.BatchId == b.Id).ToArray()).ToArray();
        var conflicts = batches.SelectMany(b => b.Events.Where(e =>
                owners.GetValueOrDefault((e.TenantId, e.Id)) is { BatchId: var owner, Digest: { } digest } && owner != b.Id && digest != EventDigest.Of(e)))
            .DistinctBy(e => (e.TenantId, e.Id, EventDigest.Of(e))).ToArray();
        var rows = batches.Zip(owned, (b, events) => events.Select(e => new Claim(b.Id, e))).SelectMany(c => c).DistinctBy(c => c.Key);
        await InTurnAsync(InTransactions(rows, c => EventShards.LogPartitionOf(c.Event.TenantId, c.Event.Id)),
            async (group, ct) => await WriteLogAsync(group, ct), cancellationToken);
        return (owned, conflicts);
    }

    /// <summary>
    /// Builds and sends each transaction only when processing may send it: at most as many at a time as the adaptive
    /// limit allows now. Built all at once, a group's transactions (some sixteen thousand events in sixteen full
    /// messages) would wait for their turn holding their bodies, and the GC promotes what waits.
    /// </summary>
    private Task InTurnAsync(IEnumerable<Claim[]> transactions, Func<Claim[], CancellationToken, ValueTask> write, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = storage.ProcessingLimit.Limit, CancellationToken = cancellationToken }, write);

    private static IEnumerable<Claim[]> InTransactions(IEnumerable<Claim> claims, Func<Claim, string> partition) =>
        claims.GroupBy(partition).SelectMany(g => g.Chunk(TableTransactions.MaxActions));

    /// <summary>
    /// Writes the guards of one partition's events; returns the batch that owns each and its content's digest (none
    /// only if it was never written; no digest for a guard written before digests were kept).
    /// </summary>
    private async Task<IReadOnlyList<KeyValuePair<(string, string), Owner>>> ClaimAsync(IReadOnlyList<Claim> group, CancellationToken cancellationToken)
    {
        var owners = new List<KeyValuePair<(string, string), Owner>>();
        var pending = group.ToList();
        while (pending.Count > 0)
        {
            try
            {
                await TableTransactions.SubmitAsync(tables.EventIds,
                    pending.Select(c => new TableTransactionAction(TableTransactionActionType.Add, EventRows.Guard(c.Event, c.BatchId))).ToArray(),
                    cancellationToken);
                owners.AddRange(pending.Select(c => KeyValuePair.Create(c.Key, new Owner(c.BatchId, EventDigest.Of(c.Event)))));
                return owners;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Some guards exist already: note their owners, then write the rest.
                var existing = await Task.WhenAll(pending.Select(async c => (Claim: c, Owner: await OwnerAsync(c.Event, cancellationToken))));
                if (existing.All(x => x.Owner is null))
                {
                    throw new InvalidOperationException($"The guards of partition {EventShards.GuardPartitionOf(pending[0].Event.TenantId, pending[0].Event.Id)} conflict, yet none exists.", e);
                }

                owners.AddRange(existing.Where(x => x.Owner is not null).Select(x => KeyValuePair.Create(x.Claim.Key, x.Owner!)));
                pending = existing.Where(x => x.Owner is null).Select(x => x.Claim).ToList();
            }
        }

        return owners;
    }

    private async Task<Owner?> OwnerAsync(EventEnvelope e, CancellationToken cancellationToken)
    {
        var guard = await tables.EventIds.GetEntityIfExistsAsync<TableEntity>(
            EventShards.GuardPartitionOf(e.TenantId, e.Id), EventRows.GuardRow(e.Id), ["BatchId", "Digest"], cancellationToken);
        return guard.HasValue ? new Owner(guard.Value!.GetString("BatchId"), guard.Value.GetString("Digest")) : null;
    }

    /// <summary>The batch that owns an event id, and the digest of the content it owns it with.</summary>
    private sealed record Owner(string BatchId, string? Digest);

    /// <summary>
    /// Inserts rather than upserts: Azurite looks an upserted row up twice, and its lookups grow with the partition.
    /// Only a redelivery meets rows that exist, and then the whole group is written again as upserts.
    /// </summary>
    private async Task WriteLogAsync(IReadOnlyList<Claim> group, CancellationToken cancellationToken)
    {
        try
        {
            await WriteLogAsync(TableTransactionActionType.Add, group, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            await WriteLogAsync(TableTransactionActionType.UpsertReplace, group, cancellationToken);
        }
    }

    private Task WriteLogAsync(TableTransactionActionType action, IReadOnlyList<Claim> group, CancellationToken cancellationToken) =>
        TableTransactions.SubmitAsync(tables.EventLogOf(group[0].Event.Id), group.Select(c => new TableTransactionAction(action, EventRows.Log(c.Event, c.BatchId))).ToArray(), cancellationToken);

    /// <summary>An event as one batch names it.</summary>
    private sealed record Claim(string BatchId, EventEnvelope Event)
    {
        public (string TenantId, string EventId) Key => (Event.TenantId, Event.Id);
    }
}
