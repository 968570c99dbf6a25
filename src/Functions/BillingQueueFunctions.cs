using Azure.Messaging.ServiceBus;

namespace Sluice.Functions;

/// <summary>The Service Bus binding for the <c>billing</c> queue, forwarding to <see cref="BillingDeliveries"/>.</summary>
public sealed class BillingQueueFunctions(BillingDeliveries deliveries)
{
    [Function(nameof(ProcessBilling))]
    public Task ProcessBilling(
        [ServiceBusTrigger(ServiceBusBillingQueue.QueueName, Connection = ServiceBusTransport.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken) =>
        deliveries.ProcessAsync(message, new MessageActionsSettler(actions), cancellationToken);
}
