using System.Globalization;
using Sluice.Bench.Harness;
using Sluice.Testing;

namespace Sluice.Bench.Chaos;

/// <summary>
/// (f) The stack a user runs, <c>scripts/run</c> with the Azurite it starts (not the suite's stack): killed under
/// load three ways (the Server alone, its whole process group, a clean stop), started again each time; every answered id
/// is read back through the API.
/// </summary>
public static class RunScriptKill
{
    public static async Task<ScenarioResult> RunAsync(TimeSpan loadBeforeEnding)
    {
        using var data = RunDataDirectory.Create("sluice-chaos-run-");
        var audit = await RunScriptCrash.RunAsync(
            data.FullName, [RunEnding.ServerKilled, RunEnding.ProcessGroupKilled, RunEnding.Stopped], loadBeforeEnding, TimeSpan.FromMinutes(3), CancellationToken.None);
        var phases = string.Join("; ", audit.Phases.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{p.Ending}: {p.Answered:N0} answered, Azurite {(p.AzuriteOutlivedIt ? "outlived it" : "stopped with it")}")));
        return new ScenarioResult(
            "f. scripts/run killed", audit.Answered, audit.Missing.Count, audit.LoggedTwice.Count, audit.ServerErrors,
            audit.Slowest > SteadyLoad.Deadline + TimeSpan.FromSeconds(1) ? 1 : 0, audit.AzuriteLeftRunning ? 1 : 0,
            "every answered id read back after the last restart", "(its own stack)",
            string.Create(CultureInfo.InvariantCulture, $"{phases}; 16 senders, {loadBeforeEnding.TotalSeconds:0} s of load before each ending; slowest answer {audit.Slowest.TotalSeconds:F1} s; leaked counts an Azurite still running after the clean stop{string.Concat(audit.Missing.Take(5).Select(id => $"; missing {id}"))}"),
            []);
    }
}
