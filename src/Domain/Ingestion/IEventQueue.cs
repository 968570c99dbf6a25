namespace Sluice.Ingestion;

/// <summary>
/// Where accepted events wait for the processor: an Azure Storage queue in the Server, Service Bus in Functions.
/// A send that returns has been durably stored; only then is a 202 sent.
/// </summary>
public interface IEventQueue
{
    /// <summary>Sends one <see cref="EventBatch"/>, serialized as <paramref name="body"/>, under its own id.</summary>
    Task SendAsync(string batchId, BinaryData body, CancellationToken cancellationToken);

    /// <summary>Checks the queue answers; returns how many messages wait in it (approximately).</summary>
    Task<long> ProbeAsync(CancellationToken cancellationToken);
}
