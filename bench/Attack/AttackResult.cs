namespace Sluice.Bench.Attack;

/// <summary>One attack: what was tried, what the Server did, and whether the defence held.</summary>
public sealed record AttackResult(string Name, string Tried, string Observed, bool Held);
