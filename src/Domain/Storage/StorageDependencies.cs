namespace Sluice.Storage;

/// <summary>
/// The three storage dependencies, each with its own bulkhead, retries and breaker, twice: once for the calls that
/// answer requests, once for processing (<see cref="StorageWork"/>), whose calls also wait for the adaptive limit.
/// </summary>
public sealed class StorageDependencies(TimeProvider clock, IOptions<StorageOptions> options)
{
    public StorageDependency Tables { get; } = new("tables", StorageDependency.Requests, concurrency: 512, clock);

    public StorageDependency Queues { get; } = new("queues", StorageDependency.Requests, concurrency: 256, clock);

    public StorageDependency Blobs { get; } = new("blobs", StorageDependency.Requests, concurrency: 64, clock);

    public StorageDependency ProcessingTables { get; } = new("tables", StorageDependency.Processing, concurrency: 512, clock);

    public StorageDependency ProcessingQueues { get; } = new("queues", StorageDependency.Processing, concurrency: 256, clock);

    public StorageDependency ProcessingBlobs { get; } = new("blobs", StorageDependency.Processing, concurrency: 64, clock);

    /// <summary>Processing's calls in flight, over all three.</summary>
    public AdaptiveStorageLimit ProcessingLimit { get; } = new(initial: 4, minimum: 1, options.Value.ProcessingMaxCalls, options.Value.ProcessingLatencyTarget);

    /// <summary>What requests go through (readiness looks at these: a backlog's trouble is not a reason to take an instance out of rotation).</summary>
    public IReadOnlyList<StorageDependency> ForRequests => [Tables, Queues, Blobs];

    public IReadOnlyList<StorageDependency> All => [Tables, Queues, Blobs, ProcessingTables, ProcessingQueues, ProcessingBlobs];
}
