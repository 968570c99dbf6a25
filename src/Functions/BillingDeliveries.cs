using Azure.Messaging.ServiceBus;
using Sluice.Billing;

namespace Sluice.Functions;

/// <summary>
/// What the <c>billing</c> trigger does with a Stripe event id it received: <see cref="BillingProcessor"/> applies
/// the event and <see cref="QueueSettlement"/> settles the message. The ledger entry already records a failure, so a
/// dead-lettered message needs no store of its own.
/// </summary>
public sealed class BillingDeliveries(BillingProcessor processor, QueueSettlement settlement)
{
    private const string DeadLetterReason = "billing-failed";

    public async Task ProcessAsync(ServiceBusReceivedMessage message, IMessageSettler settler, CancellationToken cancellationToken)
    {
        var outcome = await processor.ProcessAsync(message.Body, QueueSettlement.Attempt(message), cancellationToken);
        await settlement.SettleAsync(ServiceBusBillingQueue.QueueName, [message], [outcome], settler, DeadLetterReason, (_, _) => Task.CompletedTask, cancellationToken);
    }
}
