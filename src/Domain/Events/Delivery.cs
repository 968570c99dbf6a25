namespace Sluice.Events;

/// <summary>One delivery of a queue message: its body as sent (a batch, or a claim on one) and its number, from 1.</summary>
public sealed record Delivery(BinaryData Body, int Attempt);
