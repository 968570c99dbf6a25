namespace Sluice.Bench.Chaos;

/// <summary>One fault and what it did: the row of the suite's table, plus any detail the fault measured.</summary>
public sealed record ScenarioResult(
    string Name,
    long Accepted,
    long Lost,
    long AppliedTwice,
    long ServerErrors,
    long PastDeadline,
    long Leaked,
    string Recovery,
    string Readiness,
    string Notes,
    IReadOnlyList<string> Details)
{
    public bool Held => Lost == 0 && AppliedTwice == 0 && ServerErrors == 0 && PastDeadline == 0 && Leaked == 0;
}
