using Azure.Messaging.ServiceBus;

namespace Sluice.Functions;

/// <summary>
/// Service Bus bindings for the <c>events</c> queue, forwarding to code compiled and tested everywhere: a received
/// batch goes to <see cref="EventDeliveries"/>, what reaches the dead-letter queue to <see cref="DeadLetterRecording"/>.
/// </summary>
public sealed class EventProcessingFunctions(EventDeliveries deliveries, DeadLetterRecording deadLetters)
{
    [Function(nameof(ProcessEvents))]
    public Task ProcessEvents(
        [ServiceBusTrigger(ServiceBusEventQueue.QueueName, Connection = ServiceBusTransport.Connection, IsBatched = true, AutoCompleteMessages = false)] ServiceBusReceivedMessage[] messages,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        deliveries.ProcessAsync(messages, new MessageActionsSettler(actions), cancellationToken);

    [Function(nameof(RecordDeadLetter))]
    public Task RecordDeadLetter(
        [ServiceBusTrigger(ServiceBusEventQueue.QueueName + "/$DeadLetterQueue", Connection = ServiceBusTransport.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        deadLetters.RecordAsync(message, new MessageActionsSettler(actions), cancellationToken);
}
