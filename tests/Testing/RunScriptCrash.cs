using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Sluice.Testing;

/// <summary>How a <see cref="RunScriptCrash"/> phase ends the run.</summary>
public enum RunEnding
{
    /// <summary>SIGKILL to the Server process alone: a crash, or the OOM killer.</summary>
    ServerKilled,

    /// <summary>SIGKILL to every process of the run at once: the power cut to the process tree.</summary>
    ProcessGroupKilled,

    /// <summary>SIGTERM to the run's process group: a clean stop (what Ctrl+C does too).</summary>
    Stopped,
}

/// <summary>What one phase saw: how many events were answered 202 and whether Azurite outlived the ending.</summary>
public sealed record RunPhase(RunEnding Ending, int Answered, bool AzuriteOutlivedIt);

/// <summary>
/// Every phase; the answered ids that the last run could not read back; the ids the log holds twice; answers that
/// were 5xx other than 503; the slowest answer; whether Azurite was still running after the last, clean, stop.
/// </summary>
public sealed record RunCrashAudit(
    IReadOnlyList<RunPhase> Phases, int Answered, IReadOnlyList<string> Missing, IReadOnlyList<string> LoggedTwice, int ServerErrors, TimeSpan Slowest, bool AzuriteLeftRunning);

/// <summary>
/// "202 means durably queued" for the stack a user runs: <c>scripts/run</c> under steady load with client-chosen
/// ids, ended one way per phase while requests are in flight, started again on the same data directory; at the end
/// every id that was ever answered 202 must read back through <c>GET /api/events/{id}</c>, and none twice in the log.
/// </summary>
public static class RunScriptCrash
{
    private const int Senders = 16;

    public static async Task<RunCrashAudit> RunAsync(
        string dataDirectory, IReadOnlyList<RunEnding> endings, TimeSpan loadBeforeEnding, TimeSpan patience, CancellationToken cancellationToken)
    {
        var port = Ports.Free();
        var answered = new ConcurrentDictionary<string, byte>();
        var load = new Tally();
        var phases = new List<RunPhase>();
        foreach (var ending in endings)
        {
            await using var run = await RunScript.StartAsync(dataDirectory, port, patience, cancellationToken);
            await LiftLimitAsync(run, cancellationToken);
            var before = answered.Count;
            using var client = run.Tenant();
            using var stop = new CancellationTokenSource();
            var sending = Task.WhenAll(Enumerable.Range(0, Senders).Select(sender => SendUntilStoppedAsync(client, $"{ending}-{sender}", answered, load, stop.Token)));
            await Task.Delay(loadBeforeEnding, cancellationToken);
            var azurite = run.AzuritePid;
            await (ending switch
            {
                RunEnding.ServerKilled => run.KillServerAsync(),
                RunEnding.ProcessGroupKilled => run.KillProcessGroupAsync(),
                _ => run.StopAsync(patience),
            });
            await stop.CancelAsync();
            await sending;
            phases.Add(new RunPhase(ending, answered.Count - before, RunScript.IsRunning(azurite)));
        }

        var last = await RunScript.StartAsync(dataDirectory, port, patience, cancellationToken);
        IReadOnlyList<string> missing, loggedTwice;
        await using (last)
        {
            using var reader = last.Tenant();
            missing = await UnreadableAsync(reader, answered.Keys, patience, cancellationToken);
            loggedTwice = (await reader.ListAllAsync()).GroupBy(e => e.GetProperty("id").GetString()!).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        }

        return new RunCrashAudit(phases, answered.Count, missing, loggedTwice, load.ServerErrors, load.Slowest, RunScript.IsRunning(last.AzuritePid));
    }

    /// <summary>The demo tenant is on the pro plan; the load must be answered 202, not 429, to mean anything.</summary>
    private static async Task LiftLimitAsync(RunScript run, CancellationToken cancellationToken)
    {
        using var me = run.Tenant();
        var tenantId = (await me.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me", cancellationToken)).GetProperty("id").GetString();
        using var raise = await run.Admin.PatchAsJsonAsync($"/api/admin/tenants/{tenantId}", new { rateLimitOverride = 1_000_000 }, cancellationToken);
        raise.EnsureSuccessStatusCode();
    }

    private static async Task SendUntilStoppedAsync(HttpClient client, string prefix, ConcurrentDictionary<string, byte> answered, Tally tally, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"{prefix}-{n:D6}";
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync("/api/events", new { id, type = "crash.test", payload = new { n } }, CancellationToken.None);
                tally.Count(response.StatusCode, Stopwatch.GetElapsedTime(started));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    answered.TryAdd(id, 0);
                }
            }
            catch (HttpRequestException)
            {
                // No answer: the Server is gone. Nothing was promised for this id.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>What the senders were answered, beyond the ids: 5xx other than 503 (none may occur), the slowest answer.</summary>
    private sealed class Tally
    {
        private int _serverErrors;
        private long _slowestTicks;

        public int ServerErrors => Volatile.Read(ref _serverErrors);

        public TimeSpan Slowest => TimeSpan.FromTicks(Interlocked.Read(ref _slowestTicks));

        public void Count(HttpStatusCode status, TimeSpan elapsed)
        {
            if ((int)status >= 500 && status != HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _serverErrors);
            }

            for (var seen = Interlocked.Read(ref _slowestTicks); elapsed.Ticks > seen; seen = Interlocked.Read(ref _slowestTicks))
            {
                Interlocked.CompareExchange(ref _slowestTicks, elapsed.Ticks, seen);
            }
        }
    }

    /// <summary>The ids that still read back 404 once <paramref name="patience"/> has passed (processing may lag).</summary>
    private static async Task<IReadOnlyList<string>> UnreadableAsync(HttpClient reader, IEnumerable<string> ids, TimeSpan patience, CancellationToken cancellationToken)
    {
        var waiting = new ConcurrentBag<string>(ids);
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var missing = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
            {
                using var response = await reader.GetAsync($"/api/events/{id}", ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    missing.Add(id);
                }
            });
            if (missing.IsEmpty || DateTime.UtcNow > deadline)
            {
                return missing.Order(StringComparer.Ordinal).ToList();
            }

            waiting = missing;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
