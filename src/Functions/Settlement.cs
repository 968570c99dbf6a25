using Azure.Messaging.ServiceBus;
using Sluice.Events;

namespace Sluice.Functions;

/// <summary>Maps a Domain processing outcome onto exactly one Service Bus settlement, for every queue trigger.</summary>
internal static class Settlement
{
    /// <returns>True when the message was completed (done for good).</returns>
    public static async Task<bool> SettleAsync(
        ServiceBusMessageActions actions, ServiceBusReceivedMessage message, ProcessingOutcome outcome, string deadLetterReason, CancellationToken cancellationToken)
    {
        switch (outcome.Result)
        {
            case ProcessingResult.Done:
                await actions.CompleteMessageAsync(message, cancellationToken);
                return true;
            case ProcessingResult.RetryLater:
                // Service Bus redelivers an abandoned message at once; holding it (its lock is renewed) is the backoff.
                await Task.Delay(outcome.RetryAfter, cancellationToken);
                await actions.AbandonMessageAsync(message, cancellationToken: cancellationToken);
                return false;
            default:
                await actions.DeadLetterMessageAsync(message, deadLetterReason: deadLetterReason, deadLetterErrorDescription: outcome.Reason, cancellationToken: cancellationToken);
                return false;
        }
    }
}
