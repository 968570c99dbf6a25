using Azure.Messaging.ServiceBus;

namespace Sluice.Functions;

/// <summary>The extension's message actions as an <see cref="IMessageSettler"/> (each call goes to the host, which holds the lock).</summary>
internal sealed class MessageActionsSettler(ServiceBusMessageActions actions) : IMessageSettler
{
    public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
        actions.CompleteMessageAsync(message, cancellationToken);

    public Task AbandonAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) =>
        actions.AbandonMessageAsync(message, cancellationToken: cancellationToken);

    public Task DeadLetterAsync(ServiceBusReceivedMessage message, string reason, string? description, CancellationToken cancellationToken) =>
        actions.DeadLetterMessageAsync(message, deadLetterReason: reason, deadLetterErrorDescription: description, cancellationToken: cancellationToken);
}
