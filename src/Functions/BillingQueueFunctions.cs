using Azure.Messaging.ServiceBus;
using Sluice.Billing;

namespace Sluice.Functions;

/// <summary>
/// The <c>billing</c> queue's processor: outcome → one settlement. The ledger entry already records a failure, so a
/// dead-lettered message needs no store of its own.
/// </summary>
public sealed class BillingQueueFunctions(BillingProcessor processor)
{
    [Function("ProcessBilling")]
    public async Task ProcessBilling(
        [ServiceBusTrigger(ServiceBusBillingQueue.QueueName, Connection = ServiceBusTransport.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        var outcome = await processor.ProcessAsync(message.Body, message.DeliveryCount, cancellationToken);
        await Settlement.SettleAsync(actions, message, outcome, "billing-failed", cancellationToken);
    }
}
