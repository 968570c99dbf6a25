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
    ClaimChecks claims, EventLogWriter log, UsageCounter usage, SluiceMetrics metrics, IOptions<ProcessingOptions> options, TimeProvider clock, ILogger<EventBatchProcessor> logger)
{
    private readonly ProcessingOptions _options = options.Value;

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

    /// <summary>Retry with backoff, or give up: later while storage is failing (an outage is not the message's fault).</summary>
    private ProcessingOutcome Failed(string batchId, int attempt, Exception e)
    {
        var limit = ExceptionProblems.IsStorageFault(e) ? _options.MaxAttemptsWhileStorageFails : _options.MaxAttempts;
        var reason = $"{e.GetType().Name}: {e.Message}";
        LogFailed(logger, batchId, attempt, limit, reason);
        return attempt >= limit ? ProcessingOutcome.DeadLetter($"Failed {attempt} times; last: {reason}") : ProcessingOutcome.Retry(Backoff(attempt), reason);
    }

    /// <summary>Exponential backoff with full jitter, so that retries of many messages spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return TimeSpan.FromMilliseconds(Math.Max(_options.RetryBaseDelay.TotalMilliseconds / 2, Random.Shared.NextDouble() * ceiling));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} failed on delivery {Attempt} of {Limit}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string batchId, int attempt, int limit, string reason);
}
