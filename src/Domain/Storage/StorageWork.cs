namespace Sluice.Storage;

/// <summary>
/// Which work a storage call serves: answering a request (the default) or processing queued messages. The two go
/// through separate bulkheads, retries and breakers of each dependency (<see cref="StorageDependencies"/>), so a
/// backlog's faults never open the breaker request reads go through; processing calls also wait for the adaptive
/// limit (<see cref="AdaptiveStorageLimit"/>), which keeps storage fast enough for requests.
/// </summary>
public static class StorageWork
{
    private static readonly AsyncLocal<bool> Processing = new();

    public static bool IsProcessing => Processing.Value;

    /// <summary>
    /// Marks the storage calls the calling async method makes from here on, and those of everything it calls, as
    /// processing. The mark ends with that method: an async method's changes to its context do not flow back to its
    /// caller.
    /// </summary>
    public static void MarkProcessing() => Processing.Value = true;
}
