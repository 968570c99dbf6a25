using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues.Models;

namespace Sluice.Functions.Tests.Hosting;

/// <summary>
/// A <see cref="ServiceBusClient"/> whose senders and receivers work on <see cref="AzuriteServiceBusQueues"/>, so
/// src/Functions' own transport (<c>ServiceBusEventQueue</c>, <c>ServiceBusBillingQueue</c>,
/// <c>ServiceBusRescheduler</c>) runs unchanged in hosts under test. It overrides only what that transport calls,
/// through the constructors and virtual members the SDK provides for this.
/// </summary>
public sealed class AzuriteServiceBusClient(AzuriteServiceBusQueues queues) : ServiceBusClient
{
    public override ServiceBusSender CreateSender(string queueOrTopicName) => new Sender(queues, queueOrTopicName);

    public override ServiceBusReceiver CreateReceiver(string queueName) => new Receiver(queues, queueName);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Sender(AzuriteServiceBusQueues queues, string queue) : ServiceBusSender
    {
        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default) =>
            queues.SendAsync(queue, message, TimeSpan.Zero, cancellationToken);

        public override async Task<long> ScheduleMessageAsync(ServiceBusMessage message, DateTimeOffset scheduledEnqueueTime, CancellationToken cancellationToken = default)
        {
            await queues.SendAsync(queue, message, scheduledEnqueueTime - DateTimeOffset.UtcNow, cancellationToken);
            return 0;
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Receiver(AzuriteServiceBusQueues queues, string queue) : ServiceBusReceiver
    {
        public override async Task<ServiceBusReceivedMessage?> PeekMessageAsync(long? fromSequenceNumber = null, CancellationToken cancellationToken = default)
        {
            PeekedMessage[] peeked = (await queues.Queue(queue).PeekMessagesAsync(1, cancellationToken)).Value;
            return peeked.Length == 0 ? null : ServiceBusModelFactory.ServiceBusReceivedMessage(body: peeked[0].Body, messageId: peeked[0].MessageId);
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
