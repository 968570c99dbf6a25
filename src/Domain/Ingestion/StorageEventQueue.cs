using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Sluice.Ingestion;

/// <summary>
/// The events queue on Azure Storage. A message over the queue's limit goes through a blob (claim check): the blob
/// is written first and the message carries only its name, so a sent message always has its body.
/// </summary>
public sealed class StorageEventQueue(QueueServiceClient queues, BlobServiceClient blobs, StorageNames names) : IEventQueue, IProvisioned
{
    /// <summary>Queue messages hold at most 64 KiB; stay clear of it.</summary>
    public const int MaxInlineBytes = 60 * 1024;
    private const string ClaimPrefix = "claim:";
    private static readonly byte[] ClaimPrefixBytes = System.Text.Encoding.ASCII.GetBytes(ClaimPrefix);

    public QueueClient Events => queues.GetQueueClient(names.EventsQueue);

    public QueueClient Poison => queues.GetQueueClient(names.EventsPoisonQueue);

    public BlobContainerClient Claims => blobs.GetBlobContainerClient(names.ClaimsContainer);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Events.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Claims.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    public async Task SendAsync(string batchId, BinaryData body, CancellationToken cancellationToken)
    {
        if (body.ToMemory().Length > MaxInlineBytes)
        {
            await Claims.GetBlobClient(batchId).UploadAsync(body, overwrite: true, cancellationToken);
            body = BinaryData.FromString(ClaimPrefix + batchId);
        }

        await Events.SendMessageAsync(body, cancellationToken: cancellationToken);
    }

    public async Task<long> ProbeAsync(CancellationToken cancellationToken) =>
        (await Events.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;

    /// <summary>The batch a message stands for, fetching its blob when it is a claim.</summary>
    public async Task<BinaryData> ResolveAsync(BinaryData message, CancellationToken cancellationToken)
    {
        var claim = ClaimOf(message);
        return claim is null ? message : (await Claims.GetBlobClient(claim).DownloadContentAsync(cancellationToken)).Value.Content;
    }

    /// <summary>Deletes the claim blob of a processed message, if it has one.</summary>
    public async Task ReleaseAsync(BinaryData message, CancellationToken cancellationToken)
    {
        if (ClaimOf(message) is { } claim)
        {
            await Claims.GetBlobClient(claim).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    private static string? ClaimOf(BinaryData message)
    {
        var span = message.ToMemory().Span;
        return span.Length < 64 && span.StartsWith(ClaimPrefixBytes) ? message.ToString()[ClaimPrefix.Length..] : null;
    }
}
