using System.Globalization;

namespace Sluice.Bench.Chaos;

/// <summary>(a) Azurite stopped (SIGTERM) for a while under load, then started again on the same ports and data.</summary>
public static class StorageOutage
{
    public static async Task<FaultReport> RunAsync(FaultWindow window, TimeSpan outage)
    {
        var stopped = window.Clock.Elapsed;
        await window.Stack.StopStorageAsync();
        var exited = window.Clock.Elapsed;
        await Task.Delay(outage);
        var restarting = window.Clock.Elapsed;
        await window.Stack.StartStorageAsync();
        var back = window.Clock.Elapsed;
        var firstAccepted = await window.NextAcceptedAsync(TimeSpan.FromSeconds(60));
        var ready = await window.ReadyAgainAsync(back, TimeSpan.FromSeconds(60));
        var down = window.Readiness.First(state => state != "200", stopped);
        var counts = window.Load.Counts(window.Phase);
        return new FaultReport(
            string.Create(CultureInfo.InvariantCulture, $"first 202 {(firstAccepted - back).TotalSeconds:F1} s, ready {(ready - back).TotalSeconds:F1} s after storage returned"),
            string.Create(CultureInfo.InvariantCulture, $"storage stopped for {(back - stopped).TotalSeconds:0} s (Azurite took {(exited - stopped).TotalSeconds:0} s to save and exit, stayed down {outage.TotalSeconds:0} s, took {(back - restarting).TotalSeconds:0} s to start); readiness 503 {((down ?? back) - stopped).TotalSeconds:F1} s after the stop; {counts.Unavailable:N0} answers 503 + Retry-After, retried"),
            []);
    }
}
