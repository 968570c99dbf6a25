namespace Sluice.Storage;

/// <summary>The three storage dependencies, each with its own bulkhead, retries and breaker.</summary>
public sealed class StorageDependencies(TimeProvider clock)
{
    public StorageDependency Tables { get; } = new("tables", concurrency: 512, clock);

    public StorageDependency Queues { get; } = new("queues", concurrency: 256, clock);

    public StorageDependency Blobs { get; } = new("blobs", concurrency: 64, clock);

    public IReadOnlyList<StorageDependency> All => [Tables, Queues, Blobs];
}
