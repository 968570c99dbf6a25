using Azure.Storage.Queues;

using Sluice.Billing;
using Sluice.Storage;

namespace Sluice.Server.Queues;

/// <summary>The billing queue on Azure Storage (the Server's transport).</summary>
public sealed class StorageBillingQueue(QueueServiceClient queues, StorageNames names) : IBillingQueue, IProvisioned
{
    public QueueClient Queue => queues.GetQueueClient(names.BillingQueue);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task SendAsync(string eventId, CancellationToken cancellationToken) =>
        await Queue.SendMessageAsync(eventId, cancellationToken);
}
