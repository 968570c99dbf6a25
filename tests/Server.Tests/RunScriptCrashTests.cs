namespace Sluice.Server.Tests;

/// <summary>
/// The stack a user runs, <c>scripts/run</c> with the Azurite it starts, killed under load the ways a user meets a
/// crash, and started again: every event it answered 202 is in the log. Azurite outlives a killed Server (and its
/// whole process group) with everything it acknowledged; only a clean stop stops it, after saving.
/// </summary>
public class RunScriptCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_killed_under_load_any_way_loses_no_event_it_answered_202_and_logs_none_twice()
    {
        using var data = RunDataDirectory.Create("sluice-run-crash-");
        var audit = await RunScriptCrash.RunAsync(
            data.FullName, [RunEnding.ServerKilled, RunEnding.ProcessGroupKilled, RunEnding.Stopped], TimeSpan.FromSeconds(4), LoadedMachine.Patience, Ct);

        Assert.All(audit.Phases, phase => Assert.True(phase.Answered >= 100, $"{phase.Ending}: only {phase.Answered} events answered 202; the load never ran"));
        Assert.Empty(audit.Missing);
        Assert.Empty(audit.LoggedTwice);
        Assert.Equal(0, audit.ServerErrors);
        Assert.False(audit.AzuriteLeftRunning, "Azurite still ran after the last run stopped cleanly");
        Assert.All(audit.Phases, phase => Assert.Equal(phase.Ending != RunEnding.Stopped, phase.AzuriteOutlivedIt));
    }
}
