using Azure.Messaging.ServiceBus;
using Sluice.Billing;

namespace Sluice.Functions;

/// <summary>
/// The Service Bus binding for the <c>billing</c> queue, forwarding to <see cref="BillingProcessor"/> and
/// <see cref="QueueSettlement"/>. The ledger entry already records a failure, so a dead-lettered message needs no store
/// of its own.
/// </summary>
public sealed class BillingQueueFunctions(BillingProcessor processor, QueueSettlement settlement)
{
    [Function(nameof(ProcessBilling))]
    public async Task ProcessBilling(
        [ServiceBusTrigger(ServiceBusBillingQueue.QueueName, Connection = ServiceBusTransport.Connection, AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        var outcome = await processor.ProcessAsync(message.Body, QueueSettlement.Attempt(message), cancellationToken);
        await settlement.SettleAsync(ServiceBusBillingQueue.QueueName, [message], [outcome], new MessageActionsSettler(actions), "billing-failed",
            (_, _) => Task.CompletedTask, cancellationToken);
    }
}
