namespace Sluice.Events;

/// <summary>The 202 of a dead letter's replay: the message is back on its queue.</summary>
public sealed record DeadLetterReplayed(string Replayed);
