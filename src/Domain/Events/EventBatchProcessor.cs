using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Sluice.Health;
using Sluice.Ingestion;
using Sluice.Usage;

namespace Sluice.Events;

/// <summary>
/// Handles one delivery of an events message: append its events to the log, then count the ones it owns as usage,
/// both idempotently. Decides the outcome; the host maps it onto its queue's settlement.
/// </summary>
public sealed partial class EventBatchProcessor(
    ClaimChecks claims, EventLogWriter log, UsageCounter usage, SluiceMetrics metrics, MessageRetries retries, TimeProvider clock, ILogger<EventBatchProcessor> logger)
{
    /// <param name="message">The message body as sent (a batch, or a claim on one).</param>
    /// <param name="attempt">This delivery's number, from 1.</param>
    public async Task<ProcessingOutcome> ProcessAsync(BinaryData message, int attempt, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(message, attempt, cancellationToken);
        if (outcome.Result == ProcessingResult.DeadLetter)
        {
            metrics.DeadLettered();
        }

        return outcome;
    }

    private async Task<ProcessingOutcome> DecideAsync(BinaryData message, int attempt, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        BinaryData body;
        try
        {
            body = await claims.ResolveAsync(message, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return ProcessingOutcome.DeadLetter($"The claim-checked body of this message is gone ({e.ErrorCode}).");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed("(unread)", attempt, e);
        }

        EventBatch batch;
        try
        {
            batch = EventBatchJson.Deserialize(body);
            if (string.IsNullOrEmpty(batch.Id) || batch.Events is null || batch.Events.Any(e => e?.TenantId is null || e.Id is null || e.Type is null || e.Payload is null))
            {
                return ProcessingOutcome.DeadLetter("The message is not a complete event batch.");
            }
        }
        catch (JsonException e)
        {
            return ProcessingOutcome.DeadLetter($"The message is not an event batch: {e.Message}");
        }

        try
        {
            var owned = await log.AppendAsync(batch, cancellationToken);
            foreach (var tenantMonth in owned.GroupBy(e => (e.TenantId, Month: UsageCounter.Month(e.ReceivedAt))))
            {
                await usage.AddAsync(tenantMonth.Key.TenantId, tenantMonth.Key.Month, batch.Id, tenantMonth.Count(), cancellationToken);
            }

            metrics.Processed(owned.Count, batch.Events.Count - owned.Count, clock.GetElapsedTime(started));
            return ProcessingOutcome.Done;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(batch.Id, attempt, e);
        }
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
