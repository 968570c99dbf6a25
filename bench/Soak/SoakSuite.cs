using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Soak;

/// <summary>
/// <c>bench/soak</c>: mixed load for a fixed time (steady ingestion, read-back, MCP sessions and tools, Stripe
/// webhooks) while the Server's RSS, GC heap and threads, and the queue's backlog, are sampled every few seconds.
/// After warm-up each curve must be flat. The load is sized to what one Azurite sustains on this 2-core machine
/// (its single node process near 80% of a core); at 150 events/s Azurite saturates and the backlog grows whatever
/// Sluice does (docs/reliability.md). Then the queues drain and every accepted event is audited. Prints the tables, writes them to
/// bench/results/soak.md and the curves to bench/results/soak.png.
/// </summary>
public static class SoakSuite
{
    private const int EventsPerSecond = 50;

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> options)
    {
        var duration = TimeSpan.FromMinutes(double.Parse(options.GetValueOrDefault("minutes", "10"), CultureInfo.InvariantCulture));
        var warmup = TimeSpan.FromMinutes(double.Parse(options.GetValueOrDefault("warmup", "1"), CultureInfo.InvariantCulture));
        var every = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("sample", "5"), CultureInfo.InvariantCulture));
        var readEvery = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("read-every", "2000"), CultureInfo.InvariantCulture));
        var mcpEvery = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("mcp-every", "2000"), CultureInfo.InvariantCulture));
        var started = DateTimeOffset.UtcNow;
        await using var stack = await SluiceStack.StartAsync(new Dictionary<string, string>
        {
            ["Sluice__Sessions__IdleTimeout"] = "00:00:30",
            ["Sluice__Sessions__ReaperInterval"] = "00:00:05",
        });
        var (tenantId, key) = await stack.CreateTenantAsync("soak");
        using var metrics = new HttpClient { BaseAddress = stack.Address, Timeout = TimeSpan.FromSeconds(10) };
        metrics.DefaultRequestHeaders.Authorization = new("Bearer", SluiceStack.AdminToken);
        Console.WriteLine($"Soaking {stack.Address} for {duration.TotalMinutes:0} min ({warmup.TotalMinutes:0.#} min warm-up), a sample every {every.TotalSeconds:0} s...");

        var load = new SteadyLoad(stack.Address, key, EventsPerSecond, workers: 16, "soak", idPrefix: "s");
        var traffic = new MixedTraffic(stack, key, readEvery, mcpEvery);
        traffic.Start();
        var samples = new List<ResourceSample>();
        var azuriteCpu = new CpuMeter(() => stack.AzuriteProcessId);
        azuriteCpu.Read();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            samples.Add(await ResourceSample.TakeAsync(stack, metrics, azuriteCpu, clock.Elapsed));
            if (samples.Count % (int)(TimeSpan.FromMinutes(1) / every) == 1)
            {
                var s = samples[^1];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s.At.TotalMinutes:F1} min: RSS {s.RssMiB:F0} MiB, GC heap {s.GcHeapMiB:F1} MiB, {s.Threads} threads, backlog {s.Backlog}, Azurite {s.AzuriteCpuPercent:F0}% CPU, {load.Counts("soak").Accepted:N0} events accepted"));
            }

            await Task.Delay(every - TimeSpan.FromTicks(clock.Elapsed.Ticks % every.Ticks));
        }

        await traffic.DisposeAsync();
        await load.StopAsync();
        var outcome = await Drain.AuditAsync(stack, tenantId, key, load.AcceptedIds.Keys.ToList());
        await Drain.WaitAsync(stack, TimeSpan.FromMinutes(2), "billing");
        var wrongPlans = await traffic.WrongPlansAsync();
        await load.DisposeAsync();

        var steady = samples.Where(s => s.At >= warmup).ToList();
        Growth Of(string name, Func<ResourceSample, double> value, double tolerance, double floor) =>
            Growth.Of(name, steady.Select(s => (s.At.TotalMinutes, value(s))).ToList(), tolerance, floor);
        // Judged: the Server's own resources. Reported: the storage side, which on this machine is Azurite's single
        // node process (it slows as its tables fill; when it saturates the backlog grows whatever the Server does).
        var growth = new[]
        {
            (Of("Server RSS", s => s.RssMiB, 0.10, 8), "MiB"),
            (Of("GC heap after last collection", s => s.GcHeapMiB, 0.10, 4), "MiB"),
            (Of("threads", s => s.Threads, 0.10, 4), ""),
        };
        var storageSide = new[]
        {
            (Of("events queue backlog (reported, not judged)", s => s.Backlog, 0.10, 50), "messages"),
            (Of("Azurite CPU, % of its one core (reported, not judged)", s => s.AzuriteCpuPercent, 0.10, 5), "%"),
        };
        var counts = load.Counts("soak");
        SoakPlot.Save(samples, warmup, ResultFiles.PathOf("soak.png"),
            $"Sluice Server under mixed load, {started:yyyy-MM-dd} ({duration.TotalMinutes:0} min, a sample every {every.TotalSeconds:0} s)");
        var held = growth.All(g => g.Item1.Flat) && outcome.Audit.Missing == 0 && outcome.AppliedTwice == 0 && counts.ServerErrors == 0 && counts.PastDeadline == 0
            && traffic.Reads.Failures + traffic.Mcp.Failures + traffic.Webhooks.Failures == 0 && wrongPlans == 0;

        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(culture, $"Run {started:yyyy-MM-dd HH:mm} UTC, `bench/soak --minutes {duration.TotalMinutes:0}`, {Environment.ProcessorCount} cores: {samples.Count} samples; growth is judged after the {warmup.TotalMinutes:0.#} min warm-up (last third against first third; flat within 10% plus a small floor).");
        text.AppendLine();
        text.AppendLine("| series | first third | last third | change | slope | max | verdict |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (g, unit) in growth)
        {
            text.AppendLine(g.Row(unit));
        }

        foreach (var (g, unit) in storageSide)
        {
            text.AppendLine(g.Row(unit).Replace("**GROWING**", "grew", StringComparison.Ordinal));
        }

        text.AppendLine();
        text.AppendLine("| traffic | requests | p50 / p99 | answers |");
        text.AppendLine("| --- | ---: | ---: | --- |");
        text.AppendLine(culture, $"| ingestion ({EventsPerSecond} events/s, single-event requests) | {counts.Attempts:N0} | {counts.AcceptedPercentileMs(0.5):F0} / {counts.AcceptedPercentileMs(0.99):F0} ms | 202×{counts.Accepted:N0}, 503×{counts.Unavailable}, 429×{counts.Limited}, 5xx×{counts.ServerErrors}, none×{counts.Refused} |");
        text.AppendLine(culture, $"| read-back (list, get, usage) | {traffic.Reads.Count:N0} | {traffic.Reads.Summary} | {traffic.Reads.Statuses} |");
        text.AppendLine(culture, $"| MCP (initialize, 3 tool calls, stateless tools/list, half ended) | {traffic.Mcp.Count:N0} | {traffic.Mcp.Summary} | {traffic.Mcp.Statuses} |");
        text.AppendLine(culture, $"| Stripe webhooks ({traffic.WebhookTenants} upgrades, each event 3 times) | {traffic.Webhooks.Count:N0} | {traffic.Webhooks.Summary} | {traffic.Webhooks.Statuses} |");
        text.AppendLine();
        text.AppendLine(culture, $"Audit after draining: {outcome.Audit.Accepted:N0} accepted, {outcome.Audit.Missing} lost, {outcome.AppliedTwice} applied twice, {counts.PastDeadline} answers past the deadline; upgrades not applied: {wrongPlans} of {traffic.WebhookTenants}. Verdict: **{(held ? "held" : "FAILED")}**.");
        var report = text.ToString();
        await ResultFiles.WriteAsync("soak.md", report);
        return held ? 0 : 1;
    }
}
