using Azure.Messaging.ServiceBus;
using Sluice.Events;
using Sluice.Ingestion;

namespace Sluice.Functions;

/// <summary>
/// Service Bus bindings for the <c>events</c> queue, forwarding to code compiled and tested everywhere: a received
/// batch is processed as one group (<see cref="EventBatchProcessor"/>) and settled by <see cref="QueueSettlement"/>;
/// what reaches the dead-letter queue is recorded by <see cref="DeadLetterRecording"/>.
/// </summary>
public sealed class EventProcessingFunctions(EventBatchProcessor processor, QueueSettlement settlement, ClaimChecks claims, DeadLetterRecording deadLetters)
{
    [Function(nameof(ProcessEvents))]
    public async Task ProcessEvents(
        [ServiceBusTrigger(ServiceBusEventQueue.QueueName, Connection = ServiceBusTransport.Connection, IsBatched = true, AutoCompleteMessages = false)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        var outcomes = await processor.ProcessAsync(messages.Select(m => new Delivery(m.Body, QueueSettlement.Attempt(m))).ToArray(), cancellationToken);
        await settlement.SettleAsync(ServiceBusEventQueue.QueueName, messages, outcomes, new MessageActionsSettler(actions), "processing-failed",
            (message, ct) => claims.ReleaseAsync(message.Body, ct), cancellationToken);
    }

    [Function(nameof(RecordDeadLetter))]
    public Task RecordDeadLetter(
        [ServiceBusTrigger(ServiceBusEventQueue.QueueName + "/$DeadLetterQueue", Connection = ServiceBusTransport.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        deadLetters.RecordAsync(message, new MessageActionsSettler(actions), cancellationToken);
}
