using Azure.Storage.Queues;

using Sluice.Ingestion;
using Sluice.Storage;

namespace Sluice.Server.Queues;

/// <summary>The events queue on Azure Storage (the Server's transport). Bodies over the message limit go through a claim check.</summary>
public sealed class StorageEventQueue(QueueServiceClient queues, ClaimChecks claims, StorageNames names) : IEventQueue, IProvisioned
{
    /// <summary>Queue messages hold at most 64 KiB; stay clear of it.</summary>
    public const int MaxInlineBytes = 60 * 1024;

    public QueueClient Events => queues.GetQueueClient(names.EventsQueue);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await Events.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task SendAsync(QueuedBatch batch, CancellationToken cancellationToken) =>
        await Events.SendMessageAsync(await claims.CheckInAsync(batch.Id, batch.Body, MaxInlineBytes, cancellationToken), cancellationToken: cancellationToken);

    public async Task<long?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Events.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
}
