using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Billing;
using Sluice.Ingestion;
using Sluice.Problems;

namespace Sluice.Functions;

/// <summary>
/// Events travel over the Service Bus queue <c>events</c>, Stripe events over <c>billing</c>. The client reads the same <c>ServiceBus</c> connection
/// settings as the triggers: a connection string locally, <c>ServiceBus__fullyQualifiedNamespace</c> with a managed
/// identity in Azure.
/// </summary>
internal static class ServiceBusTransport
{
    public const string Connection = "ServiceBus";

    public static IServiceCollection AddServiceBusTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAzureClients(clients => clients.AddServiceBusClient(configuration.GetSection(Connection)));
        services.AddSingleton<ServiceBusEventQueue>();
        services.AddSingleton<IEventQueue>(sp => sp.GetRequiredService<ServiceBusEventQueue>());
        services.AddSingleton<IBillingQueue, ServiceBusBillingQueue>();
        return services;
    }

    /// <summary>Sends one message; Service Bus failing becomes <see cref="DependencyUnavailableException"/> (a 503 with Retry-After, never a 500).</summary>
    public static async Task SendOrUnavailableAsync(this ServiceBusSender sender, ServiceBusMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendMessageAsync(message, cancellationToken);
        }
        catch (ServiceBusException e)
        {
            throw new DependencyUnavailableException("Service Bus", e);
        }
    }
}

/// <summary>
/// The events queue on Service Bus: one message per batch, its id the batch's deduplication id (duplicate detection
/// drops a sender's retry and a lone event sent twice). Bodies over the message limit go through a claim check.
/// </summary>
internal sealed class ServiceBusEventQueue(ServiceBusClient client, ClaimChecks claims) : IEventQueue, IAsyncDisposable
{
    public const string QueueName = "events";

    /// <summary>Standard-tier messages hold 256 KB with their headers; stay clear of it.</summary>
    private const int MaxInlineBytes = 192 * 1024;

    private readonly ServiceBusSender _sender = client.CreateSender(QueueName);

    public async Task SendAsync(QueuedBatch batch, CancellationToken cancellationToken) =>
        await _sender.SendOrUnavailableAsync(new ServiceBusMessage(await claims.CheckInAsync(batch.Id, batch.Body, MaxInlineBytes, cancellationToken))
        {
            MessageId = batch.DeduplicationId,
            ContentType = "application/json",
        }, cancellationToken);

    /// <summary>
    /// Readiness: peeking proves the queue answers. Nothing here counts the backlog: that needs management rights this
    /// app does not hold, and the broker measures it once for every instance (Azure Monitor's ActiveMessages).
    /// </summary>
    public async Task<long?> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var receiver = client.CreateReceiver(QueueName);
        await receiver.PeekMessageAsync(cancellationToken: cancellationToken);
        return null;
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}

/// <summary>The billing queue on Service Bus: message id = Stripe event id, so duplicate detection drops a re-send.</summary>
internal sealed class ServiceBusBillingQueue(ServiceBusClient client) : IBillingQueue, IAsyncDisposable
{
    public const string QueueName = "billing";

    private readonly ServiceBusSender _sender = client.CreateSender(QueueName);

    public Task SendAsync(string eventId, CancellationToken cancellationToken) =>
        _sender.SendOrUnavailableAsync(new ServiceBusMessage(eventId) { MessageId = eventId }, cancellationToken);

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}
