using Azure.Messaging.ServiceBus;

namespace Sluice.Functions;

/// <summary>
/// The settlements a Service Bus trigger may make on a message it received. In production the binding files adapt
/// the extension's <c>ServiceBusMessageActions</c> (whose calls go to the host, which holds the lock); the tests
/// record the calls.
/// </summary>
public interface IMessageSettler
{
    Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    Task AbandonAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    Task DeadLetterAsync(ServiceBusReceivedMessage message, string reason, string? description, CancellationToken cancellationToken);
}
