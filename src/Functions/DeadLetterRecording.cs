using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Sluice.Events;

namespace Sluice.Functions;

/// <summary>
/// Records what lands in the events dead-letter queue in the Domain's dead-letter store (where the admin API lists
/// and replays it), once per message: the row's id comes from the message's id and enqueue time, so a redelivery
/// finds its own row. Completed only once recorded. While the store is down the message is left locked, not
/// abandoned: it comes back when its lock expires, instead of at once and for ever (a dead-letter queue has no
/// delivery limit).
/// </summary>
public sealed partial class DeadLetterRecording(DeadLetterStore deadLetters, ILogger<DeadLetterRecording> logger)
{
    public async Task RecordAsync(ServiceBusReceivedMessage message, IMessageSettler settler, CancellationToken cancellationToken)
    {
        try
        {
            await deadLetters.AddAsync(message.MessageId, message.EnqueuedTime, message.Body,
                $"{message.DeadLetterReason}: {message.DeadLetterErrorDescription}", QueueSettlement.Attempt(message), cancellationToken);
        }
        catch (Exception e)
        {
            LogNotRecorded(logger, message.MessageId, e.Message);
            return;
        }

        try
        {
            await settler.CompleteAsync(message, cancellationToken);
        }
        catch (Exception e)
        {
            LogNotCompleted(logger, message.MessageId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {MessageId} not recorded; left locked, it is delivered again when its lock expires: {Reason}")]
    private static partial void LogNotRecorded(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead letter {MessageId} recorded but not completed; its redelivery finds its row: {Reason}")]
    private static partial void LogNotCompleted(ILogger logger, string messageId, string reason);
}
