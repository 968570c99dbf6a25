using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Bench.Harness;
using Sluice.Bench.Ingestion;
using Sluice.Testing;

namespace Sluice.Bench.Burst;

/// <summary>
/// A burst, then the drain, on the one-process Server as <c>scripts/run</c> starts it (with its own Azurite): events
/// in 100-event batches over 20 connections, while a prober reads <c>/api/usage</c> and <c>/api/events?limit=10</c>
/// every 100 ms. Prints accepted events/s, the drain's time and rate beside Azurite's batch-insert rate at the same
/// volume, the prober's success rate and p99 in each phase, the Server's peak RSS and an exactly-once audit through
/// the API; exits 1 if a target is missed.
/// </summary>
public static class BurstSuite
{
    private const int Connections = 20;
    private const int BatchSize = 100;

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> options)
    {
        var total = int.Parse(options.GetValueOrDefault("events", "100000"), CultureInfo.InvariantCulture);
        var prefill = int.Parse(options.GetValueOrDefault("prefill", "0"), CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("sluice-burst-").FullName;
        try
        {
            return await RunInAsync(data, total, prefill);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<int> RunInAsync(string data, int total, int prefill)
    {
        await using var run = await StartAsync(data);
        if (prefill > 0)
        {
            Console.WriteLine($"Prefill: {prefill:N0} events of another tenant, straight into the store...");
            Console.WriteLine($"   done in {(await StorePrefill.FillAsync(data, prefill)).TotalSeconds:F0} s");
        }

        using var tenant = run.Tenant();
        var tenantId = (await tenant.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetString()!;
        using (var raise = await run.Admin.PatchAsJsonAsync($"/api/admin/tenants/{tenantId}", new { rateLimitOverride = 1_000_000 }))
        {
            raise.EnsureSuccessStatusCode();
        }

        using var probing = new CancellationTokenSource();
        var burstProbes = new LatencySample();
        var drainProbes = new LatencySample();
        var phase = burstProbes;
        var prober = ProbeAsync(run.Tenant(), () => phase, probing.Token);
        var rssPeaks = new double[2];
        var rssSampler = SampleRssAsync(run.ServerPid, () => phase == burstProbes ? 0 : 1, rssPeaks, probing.Token);

        Console.WriteLine($"Burst: {total:N0} events in {BatchSize}-event batches over {Connections} connections to scripts/run's Server...");
        var accepted = new ConcurrentBag<string>();
        var watch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            for (var batch = Interlocked.Increment(ref next); batch < total / BatchSize; batch = Interlocked.Increment(ref next))
            {
                await SendAsync(tenant, batch, accepted);
            }
        }));
        var burst = watch.Elapsed;

        phase = drainProbes;
        Console.WriteLine("Drain...");
        watch.Restart();
        while (await ProcessedAsync(tenant) < accepted.Count)
        {
            await Task.Delay(250);
        }

        var drain = watch.Elapsed;
        await probing.CancelAsync();
        await prober;
        await rssSampler;
        var peakRss = ProcStatus.PeakRssMiB(run.ServerPid);

        var logged = (await tenant.ListAllAsync()).Select(e => e.GetProperty("id").GetString()!).ToList();
        var missing = accepted.Except(logged).Count();
        var twice = logged.Count - logged.Distinct().Count();
        // Each event is written as two rows, its log row and its guard; the reference inserts as many rows, as bench/run's does.
        var rows = 2L * accepted.Count;
        Console.WriteLine($"Reference: Azurite batch inserts of {rows:N0} entities...");
        var reference = await AzuriteBatchReference.EntitiesPerSecondAsync(rows);
        var drainRate = accepted.Count / drain.TotalSeconds;
        var ratio = 2 * drainRate / reference;

        var report = string.Join('\n',
            $"| measure | value | target |",
            "| --- | --- | --- |",
            Row("store before the burst", $"{prefill:N0} events of another tenant", ""),
            Row("accepted", $"{accepted.Count:N0} events in {burst.TotalSeconds:F1} s = {accepted.Count / burst.TotalSeconds:N0} events/s", ""),
            Row("drain", $"{drain.TotalSeconds:F1} s = {drainRate:N0} events/s = {2 * drainRate:N0} rows/s (a log row and a guard each); Azurite batch inserts of {rows:N0} rows: {reference:N0}/s; ratio {ratio:F2} in rows ({drainRate / reference:F2} in events)", "≥ 0.5 in rows"),
            Row("prober during the burst", $"{burstProbes.Count} reads ({burstProbes.Statuses}), p50 {burstProbes.Percentile(0.5):F0} ms, p90 {burstProbes.Percentile(0.9):F0} ms, p99 {burstProbes.Percentile(0.99):F0} ms", "no 503"),
            Row("prober during the drain", $"{drainProbes.Count} reads ({drainProbes.Statuses}), p50 {drainProbes.Percentile(0.5):F0} ms, p90 {drainProbes.Percentile(0.9):F0} ms, p99 {drainProbes.Percentile(0.99):F0} ms", "no 503, p99 ≤ 250 ms"),
            Row("peak RSS (Server)", $"{peakRss:N0} MiB; sampled every 100 ms: {rssPeaks[0]:N0} MiB during the burst, {rssPeaks[1]:N0} during the drain", "< 256 MiB"),
            Row("audit", $"{missing} missing, {twice} twice of {accepted.Count:N0}", "exact"));
        Console.WriteLine(report);
        await ResultFiles.WriteAsync("burst.md", report);

        var met = ratio >= 0.5 && !Refused(burstProbes) && !Refused(drainProbes) && drainProbes.Percentile(0.99) <= 250
                  && peakRss < 256 && missing == 0 && twice == 0;
        Console.WriteLine(met ? "All targets met." : "!!! A target was missed.");
        return met ? 0 : 1;
    }

    /// <summary>
    /// scripts/run on a free ephemeral port; its Azurite, started first on ports of its own choosing, can take that
    /// same port (a user's fixed port is outside that range), so a start that lost the port is tried on another.
    /// </summary>
    private static async Task<RunScript> StartAsync(string data)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunScript.StartAsync(data, Ports.Free(), TimeSpan.FromMinutes(3), CancellationToken.None);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>Events processed so far, or -1 while the read is refused (the prober counts those).</summary>
    private static async Task<long> ProcessedAsync(HttpClient tenant)
    {
        using var response = await tenant.GetAsync("/api/usage");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("processed").GetInt64() : -1;
    }

    private static async Task SendAsync(HttpClient tenant, int batch, ConcurrentBag<string> accepted)
    {
        var ids = Enumerable.Range(0, BatchSize).Select(i => $"b{batch:D6}-{i:D3}").ToArray();
        var body = new { events = ids.Select(id => new { id, type = "burst.tick", payload = new { batch } }) };
        while (true)
        {
            using var response = await tenant.PostAsJsonAsync("/api/events", body);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                foreach (var id in ids)
                {
                    accepted.Add(id);
                }

                return;
            }

            // Refused for now (429, 503): the client library waits as told and sends the same ids again.
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200));
        }
    }

    private static async Task ProbeAsync(HttpClient reader, Func<LatencySample> phase, CancellationToken stop)
    {
        using (reader)
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var path in new[] { "/api/usage", "/api/events?limit=10" })
                {
                    var started = Stopwatch.GetTimestamp();
                    int status;
                    try
                    {
                        using var response = await reader.GetAsync(path, CancellationToken.None);
                        status = (int)response.StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        status = 0;
                    }

                    phase().Add(Stopwatch.GetElapsedTime(started), status);
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    /// <summary>The Server's resident memory every 100 ms, its highest per phase (0: the burst, 1: the drain).</summary>
    private static async Task SampleRssAsync(int pid, Func<int> phase, double[] peaks, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var index = phase();
            peaks[index] = Math.Max(peaks[index], ProcStatus.RssMiB(pid));
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static bool Refused(LatencySample probes) => probes.Answered(503) > 0 || probes.Failures > 0;

    private static string Row(string measure, string value, string target) => $"| {measure} | {value} | {target} |";
}
