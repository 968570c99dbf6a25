namespace Sluice.Events;

/// <summary>
/// One delivery of a queue message: its body as sent (a batch, or a claim on one), its number, from 1, and when the
/// queue took the message (for the lag).
/// </summary>
public sealed record Delivery(BinaryData Body, int Attempt, DateTimeOffset Enqueued);
