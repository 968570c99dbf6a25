using Azure.Messaging.ServiceBus;
using Sluice.Events;
using Sluice.Ingestion;

namespace Sluice.Functions;

/// <summary>
/// What the <c>events</c> trigger does with a batch it received: the Domain processes it as one group
/// (<see cref="EventBatchProcessor"/>), <see cref="QueueSettlement"/> settles each message, and a completed message's
/// claim check is released. The binding forwards here, so every host under test runs the same code.
/// </summary>
public sealed class EventDeliveries(EventBatchProcessor processor, QueueSettlement settlement, ClaimChecks claims)
{
    private const string DeadLetterReason = "processing-failed";

    public async Task ProcessAsync(IReadOnlyList<ServiceBusReceivedMessage> messages, IMessageSettler settler, CancellationToken cancellationToken)
    {
        var outcomes = await processor.ProcessAsync(messages.Select(m => new Delivery(m.Body, QueueSettlement.Attempt(m), m.EnqueuedTime)).ToArray(), cancellationToken);
        await settlement.SettleAsync(ServiceBusEventQueue.QueueName, messages, outcomes, settler, DeadLetterReason,
            (message, ct) => claims.ReleaseAsync(message.Body, ct), cancellationToken);
    }
}
