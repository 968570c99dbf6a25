using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Sluice.Server.Processing;

namespace Sluice.Functions.Tests.Hosting;

/// <summary>
/// The Service Bus triggers of src/Functions, as the Functions host would run them, over
/// <see cref="AzuriteServiceBusQueues"/>: received messages (up to 32 at once where the trigger is batched) go to the
/// same code the bindings forward to, with a settler that acts on the storage queue as the broker would on its own
/// (complete deletes, abandon makes visible at once, dead-letter moves to the dead-letter queue with its reason). A
/// message delivered more often than the queue's max delivery count (infra/bicep) is dead-lettered unprocessed.
/// </summary>
public abstract class ServiceBusTriggerOnAzurite(AzuriteServiceBusQueues queues, string queue, int batchSize, int maxDeliveryCount, ILogger logger)
    : StorageQueueWorker(logger)
{
    /// <summary>The queues' lockDuration in infra/bicep.</summary>
    private static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(1);

    protected override QueueClient Queue => queues.Queue(queue);

    protected override TimeSpan VisibilityTimeout => LockDuration;

    protected override int NextBatchSize() => batchSize;

    /// <summary>What the function bound to this queue does with the messages.</summary>
    protected abstract Task InvokeAsync(ServiceBusReceivedMessage[] messages, IMessageSettler settler, CancellationToken cancellationToken);

    protected override async Task HandleAsync(QueueMessage[] stored, CancellationToken stoppingToken)
    {
        var settler = new Settler(queues, queue);
        var received = new List<ServiceBusReceivedMessage>();
        foreach (var message in stored)
        {
            var asReceived = await queues.ReceivedAsync(message, stoppingToken);
            settler.Track(asReceived, message);
            if (asReceived.DeliveryCount > maxDeliveryCount)
            {
                await settler.DeadLetterAsync(asReceived, "MaxDeliveryCountExceeded", $"delivered {asReceived.DeliveryCount} times", stoppingToken);
            }
            else
            {
                received.Add(asReceived);
            }
        }

        if (received.Count > 0)
        {
            await InvokeAsync([.. received], settler, stoppingToken);
        }
    }

    private sealed class Settler(AzuriteServiceBusQueues queues, string queue) : IMessageSettler
    {
        private readonly Dictionary<Guid, QueueMessage> _stored = [];

        public void Track(ServiceBusReceivedMessage received, QueueMessage stored) => _stored[Guid.Parse(received.LockToken)] = stored;

        public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
            queues.Queue(queue).DeleteMessageAsync(Stored(message).MessageId, Stored(message).PopReceipt, cancellationToken);

        public Task AbandonAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
            queues.Queue(queue).UpdateMessageAsync(Stored(message).MessageId, Stored(message).PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);

        public async Task DeadLetterAsync(ServiceBusReceivedMessage message, string reason, string? description, CancellationToken cancellationToken)
        {
            var letter = new ServiceBusMessage(message) { MessageId = message.MessageId };
            letter.ApplicationProperties["DeadLetterReason"] = reason;
            letter.ApplicationProperties["DeadLetterErrorDescription"] = description ?? "";
            await queues.SendAsync(queue + AzuriteServiceBusQueues.DeadLetterSuffix, letter, TimeSpan.Zero, cancellationToken);
            await CompleteAsync(message, cancellationToken);
        }

        private QueueMessage Stored(ServiceBusReceivedMessage message) => _stored[Guid.Parse(message.LockToken)];
    }
}

/// <summary>The <c>ProcessEvents</c> function: batched, forwarding to <see cref="EventDeliveries"/>.</summary>
public sealed class ProcessEventsOnAzurite(AzuriteServiceBusQueues queues, EventDeliveries deliveries, ILogger<ProcessEventsOnAzurite> logger)
    : ServiceBusTriggerOnAzurite(queues, ServiceBusEventQueue.QueueName, batchSize: 32, maxDeliveryCount: 250, logger)
{
    protected override Task InvokeAsync(ServiceBusReceivedMessage[] messages, IMessageSettler settler, CancellationToken cancellationToken) =>
        deliveries.ProcessAsync(messages, settler, cancellationToken);
}

/// <summary>The <c>RecordDeadLetter</c> function, forwarding to <see cref="DeadLetterRecording"/>.</summary>
public sealed class RecordDeadLetterOnAzurite(AzuriteServiceBusQueues queues, DeadLetterRecording recording, ILogger<RecordDeadLetterOnAzurite> logger)
    : ServiceBusTriggerOnAzurite(queues, ServiceBusEventQueue.QueueName + AzuriteServiceBusQueues.DeadLetterSuffix, batchSize: 1, maxDeliveryCount: int.MaxValue, logger)
{
    protected override Task InvokeAsync(ServiceBusReceivedMessage[] messages, IMessageSettler settler, CancellationToken cancellationToken) =>
        recording.RecordAsync(messages[0], settler, cancellationToken);
}

/// <summary>The <c>ProcessBilling</c> function, forwarding to <see cref="BillingDeliveries"/>.</summary>
public sealed class ProcessBillingOnAzurite(AzuriteServiceBusQueues queues, BillingDeliveries deliveries, ILogger<ProcessBillingOnAzurite> logger)
    : ServiceBusTriggerOnAzurite(queues, ServiceBusBillingQueue.QueueName, batchSize: 1, maxDeliveryCount: 20, logger)
{
    protected override Task InvokeAsync(ServiceBusReceivedMessage[] messages, IMessageSettler settler, CancellationToken cancellationToken) =>
        deliveries.ProcessAsync(messages[0], settler, cancellationToken);
}
