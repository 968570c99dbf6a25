namespace Sluice.Ingestion;

/// <summary>
/// One message for the events queue. <see cref="Id"/> names the batch and its claim-check blob.
/// <see cref="DeduplicationId"/> is what a broker with duplicate detection (Service Bus) compares: the event's own
/// identity (<c>{tenantId}/{eventId}</c>) when the message holds a single event, so that a client's retry of an event
/// already queued is dropped there; otherwise the batch id, which a sender's own retries repeat.
/// </summary>
public sealed record QueuedBatch(string Id, string DeduplicationId, BinaryData Body)
{
    public static string EventKey(string tenantId, string eventId) => $"{tenantId}/{eventId}";
}
