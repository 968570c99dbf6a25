using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Sluice.Health;
using Sluice.Ingestion;
using Sluice.Usage;

namespace Sluice.Events;

/// <summary>
/// Handles deliveries of events messages: append their events to the log, then count the ones each batch owns as
/// usage, both idempotently; an event whose id was taken by other content is recorded as a conflict (and a metric),
/// not silently dropped. Decides each message's outcome; the host maps it onto its queue's settlement.
/// Messages received together are written together (under load a message holds a hundred events or so, spread
/// over dozens of partitions; written one by one, most transactions would carry one or two rows).
/// </summary>
public sealed partial class EventBatchProcessor(
    ClaimChecks claims, EventLogWriter log, EventConflicts conflictStore, UsageCounter usage, SluiceMetrics metrics, MessageRetries retries, TimeProvider clock, ILogger<EventBatchProcessor> logger)
{
    /// <returns>The outcome of each delivery, in order.</returns>
    public async Task<IReadOnlyList<ProcessingOutcome>> ProcessAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        StorageWork.MarkProcessing();
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        foreach (var delivery in deliveries)
        {
            metrics.Lag(now - delivery.Enqueued);
        }

        var read = await Task.WhenAll(deliveries.Select(d => ReadAsync(d, cancellationToken)));
        var outcomes = read.Select(r => r.Outcome).ToArray();
        var batches = read.Select((r, i) => (Index: i, r.Batch, deliveries[i].Attempt)).Where(x => x.Batch is not null).ToArray();
        var written = await AppendAsync(batches.Select(b => (b.Batch!, b.Attempt)).ToArray(), started, cancellationToken);
        for (var i = 0; i < batches.Length; i++)
        {
            outcomes[batches[i].Index] = written[i];
        }

        metrics.DeadLettered(outcomes.Count(o => o!.Result == ProcessingResult.DeadLetter));
        return outcomes!;
    }

    /// <summary>The batch in a delivery, or the outcome of a delivery that holds none.</summary>
    private async Task<(EventBatch? Batch, ProcessingOutcome? Outcome)> ReadAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        BinaryData body;
        try
        {
            body = await claims.ResolveAsync(delivery.Body, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return (null, ProcessingOutcome.DeadLetter($"The claim-checked body of this message is gone ({e.ErrorCode})."));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Failed("(unread)", delivery.Attempt, e));
        }

        try
        {
            var batch = EventBatchJson.Deserialize(body);
            return string.IsNullOrEmpty(batch.Id) || batch.Events is null || batch.Events.Any(e => e?.TenantId is null || e.Id is null || e.Type is null || e.Payload is null)
                ? (null, ProcessingOutcome.DeadLetter("The message is not a complete event batch."))
                : (batch, null);
        }
        catch (JsonException e)
        {
            return (null, ProcessingOutcome.DeadLetter($"The message is not an event batch: {e.Message}"));
        }
    }

    /// <summary>Writes the batches together; if that fails, each alone, so that one bad batch cannot hold the others back.</summary>
    private async Task<ProcessingOutcome[]> AppendAsync(IReadOnlyList<(EventBatch Batch, int Attempt)> group, long started, CancellationToken cancellationToken)
    {
        if (group.Count == 0)
        {
            return [];
        }

        IReadOnlyList<IReadOnlyList<EventEnvelope>> owned;
        try
        {
            (owned, var conflicts) = await log.AppendAsync(group.Select(g => g.Batch).ToArray(), cancellationToken);
            if (conflicts.Count > 0)
            {
                await conflictStore.RecordAsync(conflicts, cancellationToken);
                metrics.Conflicts(conflicts.Count);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (group.Count == 1)
            {
                return [Failed(group[0].Batch.Id, group[0].Attempt, e)];
            }

            return (await Task.WhenAll(group.Select(g => AppendAsync([g], started, cancellationToken)))).SelectMany(o => o).ToArray();
        }

        var failures = await CountAsync(group.Select(g => g.Batch.Id).Zip(owned).ToArray(), cancellationToken);
        return group.Select((g, i) =>
        {
            if (failures.TryGetValue(g.Batch.Id, out var failure))
            {
                return Failed(g.Batch.Id, g.Attempt, failure);
            }

            metrics.Processed(owned[i].Count, g.Batch.Events.Count - owned[i].Count, clock.GetElapsedTime(started));
            return ProcessingOutcome.Done;
        }).ToArray();
    }

    /// <summary>Counts the events written batches own as usage, one transaction per tenant and month; returns the batches that could not be counted.</summary>
    private async Task<IReadOnlyDictionary<string, Exception>> CountAsync(IReadOnlyList<(string BatchId, IReadOnlyList<EventEnvelope> Owned)> batches, CancellationToken cancellationToken)
    {
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, Exception>();
        var tenantMonths = batches
            .SelectMany(b => b.Owned.GroupBy(e => (e.TenantId, Month: UsageCounter.Month(e.ReceivedAt))).Select(g => (g.Key, Batch: new BatchEvents(b.BatchId, g.Count()))))
            .GroupBy(x => x.Key, x => x.Batch);
        await Task.WhenAll(tenantMonths.Select(async tenantMonth =>
        {
            try
            {
                await usage.AddAsync(tenantMonth.Key.TenantId, tenantMonth.Key.Month, tenantMonth.ToArray(), cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                foreach (var batch in tenantMonth)
                {
                    failures.TryAdd(batch.BatchId, e);
                }
            }
        }));
        return failures;
    }

    private ProcessingOutcome Failed(string batchId, int attempt, Exception e)
    {
        var outcome = retries.AfterFailure(attempt, e);
        LogFailed(logger, batchId, attempt, outcome.Result.ToString(), e.Message);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} failed on delivery {Attempt} ({Outcome}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string batchId, int attempt, string outcome, string reason);
}
