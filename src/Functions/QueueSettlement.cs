using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Sluice.Events;

namespace Sluice.Functions;

/// <summary>
/// What the Service Bus triggers decide, for a batch of received messages and their Domain outcomes: each message is
/// settled exactly once, and nothing escapes to the host.
/// <list type="bullet">
/// <item>Done: completed; what follows completion (releasing a claim check) may fail without a second settlement.</item>
/// <item>Retry later: a copy is scheduled for the time the outcome names and the original completed, so no
/// invocation sleeps through a backoff. The copy carries the attempts so far and a new id (duplicate detection would
/// drop a copy under the original's id). If it cannot be scheduled, the original is abandoned: delivered again at
/// once, counted against the queue's max delivery count.</item>
/// <item>Dead letter: dead-lettered with the reason.</item>
/// </list>
/// A settlement that fails (the lock was lost, the host is going away) is logged and not repeated: the broker
/// delivers the message again once its lock expires, and processing is idempotent.
/// </summary>
public sealed partial class QueueSettlement(IMessageRescheduler rescheduler, TimeProvider clock, ILogger<QueueSettlement> logger)
{
    /// <summary>Attempts made before this delivery, on the copies a retry schedules.</summary>
    public const string EarlierAttemptsProperty = "sluice-earlier-attempts";

    /// <summary>The attempt a delivery is: the broker's count for this copy plus the copies before it.</summary>
    public static int Attempt(ServiceBusReceivedMessage message) =>
        message.DeliveryCount + (message.ApplicationProperties.TryGetValue(EarlierAttemptsProperty, out var earlier) && earlier is int n ? n : 0);

    public async Task SettleAsync(
        string queue,
        IReadOnlyList<ServiceBusReceivedMessage> messages,
        IReadOnlyList<ProcessingOutcome> outcomes,
        IMessageSettler settler,
        string deadLetterReason,
        Func<ServiceBusReceivedMessage, CancellationToken, Task> afterCompleted,
        CancellationToken cancellationToken) =>
        await Task.WhenAll(messages.Select((message, i) => SettleAsync(queue, message, outcomes[i], settler, deadLetterReason, afterCompleted, cancellationToken)));

    private async Task SettleAsync(
        string queue,
        ServiceBusReceivedMessage message,
        ProcessingOutcome outcome,
        IMessageSettler settler,
        string deadLetterReason,
        Func<ServiceBusReceivedMessage, CancellationToken, Task> afterCompleted,
        CancellationToken cancellationToken)
    {
        switch (outcome.Result)
        {
            case ProcessingResult.Done:
                if (await TrySettleAsync(message, "complete", () => settler.CompleteAsync(message, cancellationToken)))
                {
                    await AfterCompletedAsync(message, afterCompleted, cancellationToken);
                }

                break;
            case ProcessingResult.RetryLater when await TryRescheduleAsync(queue, message, outcome.RetryAfter, cancellationToken):
                await TrySettleAsync(message, "complete", () => settler.CompleteAsync(message, cancellationToken));
                break;
            case ProcessingResult.RetryLater:
                await TrySettleAsync(message, "abandon", () => settler.AbandonAsync(message, cancellationToken));
                break;
            default:
                LogDeadLettered(logger, queue, message.MessageId, outcome.Reason);
                await TrySettleAsync(message, "dead-letter", () => settler.DeadLetterAsync(message, deadLetterReason, outcome.Reason, cancellationToken));
                break;
        }
    }

    private async Task<bool> TryRescheduleAsync(string queue, ServiceBusReceivedMessage message, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        var attempt = Attempt(message);
        var copy = new ServiceBusMessage(message) { MessageId = $"{message.MessageId}~{attempt}" };
        copy.ApplicationProperties[EarlierAttemptsProperty] = attempt;
        try
        {
            await rescheduler.ScheduleAsync(queue, copy, clock.GetUtcNow() + retryAfter, cancellationToken);
            return true;
        }
        catch (Exception e)
        {
            LogRescheduleFailed(logger, queue, message.MessageId, e.Message);
            return false;
        }
    }

    private async Task<bool> TrySettleAsync(ServiceBusReceivedMessage message, string settlement, Func<Task> settle)
    {
        try
        {
            await settle();
            return true;
        }
        catch (Exception e)
        {
            LogSettleFailed(logger, settlement, message.MessageId, e.Message);
            return false;
        }
    }

    private async Task AfterCompletedAsync(ServiceBusReceivedMessage message, Func<ServiceBusReceivedMessage, CancellationToken, Task> afterCompleted, CancellationToken cancellationToken)
    {
        try
        {
            await afterCompleted(message, cancellationToken);
        }
        catch (Exception e)
        {
            LogAfterCompletedFailed(logger, message.MessageId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string queue, string messageId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} could not be scheduled for a later retry, so it is abandoned (delivered again at once): {Reason}")]
    private static partial void LogRescheduleFailed(ILogger logger, string queue, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {Settlement} message {MessageId}; it is delivered again when its lock expires: {Reason}")]
    private static partial void LogSettleFailed(ILogger logger, string settlement, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} completed, but its clean-up failed (a claim check left behind): {Reason}")]
    private static partial void LogAfterCompletedFailed(ILogger logger, string messageId, string reason);
}
