using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Chaos;

/// <summary>
/// <c>bench/chaos</c>: five faults, one after another, each under steady ingestion on its own tenant (so its
/// audit is its own): storage stopped, the Server killed, slow tables, a webhook replay storm, an MCP session flood;
/// then a sixth on a stack of its own, <c>scripts/run</c> as users run it, killed three ways.
/// After each, the load stops, the queue drains, and the tenant's log is audited against the ids the client was
/// told were accepted. Prints one table and writes it to bench/results/chaos.md.
/// </summary>
public static class ChaosSuite
{
    private const int EventsPerSecond = 200;
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SessionIdle = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> options)
    {
        var outage = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("outage", "30"), CultureInfo.InvariantCulture));
        var started = DateTimeOffset.UtcNow;
        await using var stack = await SluiceStack.StartAsync(new Dictionary<string, string>
        {
            // A killed instance's messages come back after this; production's 2 min would only make the suite wait.
            ["Sluice__Processing__VisibilityTimeout"] = "00:00:15",
            ["Sluice__Sessions__IdleTimeout"] = SessionIdle.ToString(),
            ["Sluice__Sessions__ReaperInterval"] = "00:00:02",
        });
        var clock = Stopwatch.StartNew();
        await using var readiness = new ReadinessWatch(stack.Address, clock);
        Console.WriteLine($"Stack up: Server {stack.Address}, storage through proxies; {EventsPerSecond} events/s of steady load per fault.");

        var faults = new (string Name, Func<FaultWindow, Task<FaultReport>> Fault)[]
        {
            ("a. storage stopped", w => StorageOutage.RunAsync(w, outage)),
            ("b. Server killed", w => ServerKill.RunAsync(w, TimeSpan.FromSeconds(3))),
            ("c. slow tables", w => SlowStorage.RunAsync(w, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20))),
            ("d. webhook storm", w => WebhookStorm.RunAsync(w, tenants: 10, copies: 50)),
            ("e. MCP session flood", w => SessionFlood.RunAsync(w, sessions: 2_000, SessionIdle)),
        };
        var only = options.GetValueOrDefault("only", "abcdef");
        var results = new List<ScenarioResult>();
        foreach (var (name, fault) in faults.Where(f => only.Contains(f.Name[0], StringComparison.Ordinal)))
        {
            results.Add(await RunAsync(stack, clock, readiness, name, fault));
        }

        if (only.Contains('f', StringComparison.Ordinal))
        {
            Console.WriteLine("f. scripts/run killed...");
            results.Add(await RunScriptKill.RunAsync(Steady));
        }

        var report = Markdown(started, clock.Elapsed, results);
        await ResultFiles.WriteAsync("chaos.md", report);
        return results.All(r => r.Held) ? 0 : 1;
    }

    private static async Task<ScenarioResult> RunAsync(SluiceStack stack, Stopwatch clock, ReadinessWatch readiness, string name, Func<FaultWindow, Task<FaultReport>> fault)
    {
        Console.WriteLine($"{name}...");
        var (tenantId, key) = await stack.CreateTenantAsync($"chaos-{name[0]}");
        var load = new SteadyLoad(stack.Address, key, EventsPerSecond, workers: 32, name, idPrefix: name[..1]);
        await Task.Delay(Steady);
        var faultAt = clock.Elapsed;
        var report = await fault(new FaultWindow(stack, load, clock, readiness, name));
        await Task.Delay(Steady);
        await load.StopAsync();
        var until = clock.Elapsed;
        var outcome = await Drain.AuditAsync(stack, tenantId, key, load.AcceptedIds.Keys.ToList());
        await load.DisposeAsync();
        var counts = load.Counts(name);
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"{report.Notes}; steady load: {counts.Attempts:N0} sends, {load.Unconfirmed} unconfirmed at the end, {outcome.Audit.Unexpected} logged but unconfirmed, {counts.Rejected} rejected 4xx{string.Concat(counts.ServerErrorSamples.Select(e => $"; 5xx answer {e}"))}");
        var result = new ScenarioResult(
            name,
            counts.Accepted + report.Accepted,
            outcome.Audit.Missing + report.Lost,
            outcome.AppliedTwice + report.AppliedTwice,
            counts.ServerErrors + report.ServerErrors,
            counts.PastDeadline,
            report.Leaked,
            report.Recovery,
            Timeline(readiness.Changes(faultAt - Steady, until), faultAt),
            notes,
            report.Details);
        Console.WriteLine($"   {(result.Held ? "held" : "FAILED")}: accepted {result.Accepted:N0}, lost {result.Lost}, applied twice {result.AppliedTwice}, 5xx {result.ServerErrors}, past deadline {result.PastDeadline}; {result.Recovery}");
        return result;
    }

    private static string Timeline(IReadOnlyList<(TimeSpan At, string State)> changes, TimeSpan faultAt) =>
        string.Join(" → ", changes.Select(c => c.At < faultAt
            ? c.State
            : string.Create(CultureInfo.InvariantCulture, $"{c.State} at +{(c.At - faultAt).TotalSeconds:F1} s")));

    private static string Markdown(DateTimeOffset started, TimeSpan took, IReadOnlyList<ScenarioResult> results)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(culture, $"Run {started:yyyy-MM-dd HH:mm} UTC, `bench/chaos`, {Environment.ProcessorCount} cores, {took.TotalMinutes:F1} min. Each fault under {EventsPerSecond} events/s of single-event requests (32 clients that resend the same id after 503/429/no answer), on its own tenant; times are from the fault's start.");
        text.AppendLine();
        text.AppendLine("| fault | accepted | lost | applied twice | HTTP 5xx | past deadline | leaked | recovery | /health/ready (from the fault's start) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var r in results)
        {
            text.AppendLine(culture, $"| {r.Name} | {r.Accepted:N0} | {r.Lost} | {r.AppliedTwice} | {r.ServerErrors} | {r.PastDeadline} | {r.Leaked} | {r.Recovery} | {r.Readiness} |");
        }

        text.AppendLine();
        foreach (var r in results)
        {
            text.AppendLine(culture, $"- **{r.Name}**: {r.Notes}.");
        }

        foreach (var r in results.Where(r => r.Details.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(culture, $"{r.Name}:");
            text.AppendLine();
            foreach (var line in r.Details)
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }
}
