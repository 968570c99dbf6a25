namespace Sluice.Bench.Chaos;

/// <summary>
/// What a fault reports beyond the steady load's own figures: how recovery went, notes and details for the report,
/// and the figures of its own traffic (webhook deliveries, MCP sessions, probes), which join the row's.
/// </summary>
public sealed record FaultReport(string Recovery, string Notes, IReadOnlyList<string> Details)
{
    public long Accepted { get; init; }

    public long Lost { get; init; }

    public long AppliedTwice { get; init; }

    public long ServerErrors { get; init; }

    /// <summary>What the fault left behind that should have been cleaned up (session rows).</summary>
    public long Leaked { get; init; }
}
