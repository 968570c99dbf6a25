using Microsoft.Extensions.Logging;
using Sluice.Events;
using Sluice.Health;
using Stripe;

namespace Sluice.Billing;

/// <summary>
/// Handles one delivery of a billing message (its body: a Stripe event id) and decides the outcome; the host maps it
/// onto its queue's settlement. A settled ledger entry makes a redelivery a no-op. Failures that retrying cannot fix
/// leave the entry failed with the reason, for an admin to replay.
/// </summary>
public sealed partial class BillingProcessor(
    BillingLedger ledger, StripeEventHandler handler, MessageRetries retries, SluiceMetrics metrics, ILogger<BillingProcessor> logger)
{
    public async Task<ProcessingOutcome> ProcessAsync(BinaryData message, int attempt, CancellationToken cancellationToken)
    {
        StorageWork.MarkProcessing();
        var eventId = message.ToString();
        if (!StripeEventSummary.IsValidId(eventId))
        {
            return ProcessingOutcome.DeadLetter("The message is not a Stripe event id.");
        }

        LedgerEntry? entry = null;
        try
        {
            entry = await ledger.FindAsync(eventId, cancellationToken);
            if (entry is null)
            {
                return ProcessingOutcome.DeadLetter($"There is no ledger entry for {eventId}.");
            }

            if (entry.IsSettled)
            {
                return ProcessingOutcome.Done;
            }

            var settled = await ApplyAsync(entry, cancellationToken);
            return settled.Status == LedgerStatus.Failed ? ProcessingOutcome.DeadLetter(settled.Detail ?? "failed") : ProcessingOutcome.Done;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var outcome = retries.AfterFailure(attempt, e);
            LogFailed(logger, eventId, attempt, outcome.Result.ToString(), e.Message);
            if (outcome.Result == ProcessingResult.DeadLetter && entry is not null)
            {
                await SettleQuietlyAsync(entry, outcome.Reason!, cancellationToken);
            }

            return outcome;
        }
    }

    /// <summary>
    /// Applies a recorded event now, whatever its status (a delivery, an admin's replay, reconciliation), and
    /// records the result. Throws when something transient failed (Stripe's API, storage): nothing is recorded then.
    /// </summary>
    public async Task<LedgerEntry> ApplyAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var payload = await ledger.ReadPayloadAsync(entry, cancellationToken);
        HandlingResult result;
        try
        {
            result = await handler.HandleAsync(EventUtility.ParseEvent(payload, throwOnApiVersionMismatch: false), cancellationToken);
        }
        catch (BillingRejected e)
        {
            result = new HandlingResult(LedgerStatus.Failed, e.Message, null);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or StripeException or ArgumentException)
        {
            result = new HandlingResult(LedgerStatus.Failed, $"Stripe.net cannot read this event: {e.Message}", null);
        }

        metrics.BillingEvent(result.Status);
        return await ledger.SettleAsync(entry, result.Status, result.Detail, result.TenantId, cancellationToken);
    }

    /// <summary>Marks the entry failed; if even that fails the host still dead-letters the message, which says why.</summary>
    private async Task SettleQuietlyAsync(LedgerEntry entry, string reason, CancellationToken cancellationToken)
    {
        try
        {
            metrics.BillingEvent(LedgerStatus.Failed);
            await ledger.SettleAsync(entry, LedgerStatus.Failed, reason, null, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, entry.EventId, entry.Attempts, "unrecorded", e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} failed on delivery {Attempt} ({Outcome}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string eventId, int attempt, string outcome, string reason);
}
