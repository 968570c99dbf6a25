using Azure.Messaging.ServiceBus;

namespace Sluice.Functions;

/// <summary>Puts a message back on its queue for delivery at a later time: a backoff that holds no invocation.</summary>
public interface IMessageRescheduler
{
    Task ScheduleAsync(string queue, ServiceBusMessage message, DateTimeOffset deliverAt, CancellationToken cancellationToken);
}

/// <summary>Scheduled messages on Service Bus (the broker holds them until their time).</summary>
internal sealed class ServiceBusRescheduler(ServiceBusClient client) : IMessageRescheduler
{
    public async Task ScheduleAsync(string queue, ServiceBusMessage message, DateTimeOffset deliverAt, CancellationToken cancellationToken)
    {
        await using var sender = client.CreateSender(queue);
        await sender.ScheduleMessageAsync(message, deliverAt, cancellationToken);
    }
}
