using System.Globalization;

namespace Sluice.Bench.Chaos;

/// <summary>(b) The Server process killed (SIGKILL) while it is processing, and started again.</summary>
public static class ServerKill
{
    public static async Task<FaultReport> RunAsync(FaultWindow window, TimeSpan down)
    {
        var backlog = await window.Stack.BacklogAsync();
        await window.Stack.KillServerAsync();
        await Task.Delay(down);
        var restarting = window.Clock.Elapsed;
        await window.Stack.StartServerAsync();
        var firstAccepted = await window.NextAcceptedAsync(TimeSpan.FromSeconds(60));
        var ready = await window.ReadyAgainAsync(restarting, TimeSpan.FromSeconds(60));
        var counts = window.Load.Counts(window.Phase);
        return new FaultReport(
            string.Create(CultureInfo.InvariantCulture, $"first 202 {(firstAccepted - restarting).TotalSeconds:F1} s, ready {(ready - restarting).TotalSeconds:F1} s after the restart began"),
            string.Create(CultureInfo.InvariantCulture, $"killed with {backlog} queue messages waiting, down {down.TotalSeconds:0} s; {counts.Refused:N0} sends refused, retried"),
            []);
    }
}
