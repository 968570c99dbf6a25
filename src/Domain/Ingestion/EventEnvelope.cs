namespace Sluice.Ingestion;

/// <summary>
/// An accepted event as it travels through the queue and lands in the log. <see cref="Payload"/> is the client's
/// JSON, verbatim. <see cref="ReceivedAt"/> is Sluice's clock and orders the log; <see cref="OccurredAt"/> is the
/// client's claim and is kept as sent.
/// </summary>
public sealed record EventEnvelope(
    string TenantId,
    string Id,
    string Type,
    string Payload,
    DateTimeOffset? OccurredAt,
    DateTimeOffset ReceivedAt);

/// <summary>
/// One queue message: the events of one or more requests, grouped so that a queue send carries many events. The
/// id is ours, assigned before the first send, so every delivery of the message, however duplicated, is the same.
/// </summary>
public sealed record EventBatch(string Id, IReadOnlyList<EventEnvelope> Events);
