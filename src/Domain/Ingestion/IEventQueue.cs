namespace Sluice.Ingestion;

/// <summary>
/// Where accepted events wait for the processor: an Azure Storage queue in the Server, Service Bus in Functions.
/// A send that returns has been durably stored; only then is a 202 sent.
/// </summary>
public interface IEventQueue
{
    Task SendAsync(QueuedBatch batch, CancellationToken cancellationToken);

    /// <summary>Checks the queue answers; returns how many messages wait in it, or null where the transport cannot count them.</summary>
    Task<long?> ProbeAsync(CancellationToken cancellationToken);
}
