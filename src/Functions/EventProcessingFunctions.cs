using Azure.Messaging.ServiceBus;
using Sluice.Events;
using Sluice.Ingestion;

namespace Sluice.Functions;

/// <summary>
/// Drains the <c>events</c> queue. Settlement is ours (AutoCompleteMessages = false), one per delivery, mapped from
/// the Domain outcome; no function-level retry, the outcome decides. Whatever reaches the dead-letter queue (ours,
/// or Service Bus's own on max delivery count or expiry) is recorded in the Domain's dead-letter store, where the
/// admin API lists and replays it.
/// </summary>
public sealed class EventProcessingFunctions(EventBatchProcessor processor, ClaimChecks claims, DeadLetterStore deadLetters)
{
    [Function("ProcessEvents")]
    public async Task ProcessEvents(
        [ServiceBusTrigger(ServiceBusEventQueue.QueueName, Connection = ServiceBusTransport.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        var outcome = await processor.ProcessAsync(message.Body, message.DeliveryCount, cancellationToken);
        if (await Settlement.SettleAsync(actions, message, outcome, "processing-failed", cancellationToken))
        {
            await claims.ReleaseAsync(message.Body, cancellationToken);
        }
    }

    [Function("RecordDeadLetter")]
    public Task RecordDeadLetter(
        [ServiceBusTrigger(ServiceBusEventQueue.QueueName + "/$DeadLetterQueue", Connection = ServiceBusTransport.Connection)] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        deadLetters.AddAsync(message.MessageId, message.Body, $"{message.DeadLetterReason}: {message.DeadLetterErrorDescription}", message.DeliveryCount, cancellationToken);
}
