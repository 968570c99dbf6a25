using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Sluice.Bench.Harness;
using Sluice.Testing;

namespace Sluice.Bench.Ingestion;

/// <summary>
/// What the Sluice target measured: the load, where the CPU went during it, the log audit, memory, and processing
/// (events/s from the load's start, or with <c>split</c> from the processor's start, until the backlog is 0).
/// </summary>
public sealed record SluiceRun(LoadResult Load, CpuShares Cpu, AuditResult Audit, double PeakRssMiB, double DrainSeconds, double ProcessedPerSecond);

/// <summary>
/// The Sluice Server (Release) on its own fresh Azurite, driven with the load, then drained and audited. Either one
/// process accepts and processes at once (the Server as it ships), or with <c>split</c> each half gets the machine
/// to itself: a Server with processing off takes the load, then another processes the backlog alone (on Azure the
/// Functions host scales the two apart; on two shared cores running both at once measures only their contention).
/// </summary>
public static class SluiceTarget
{
    private const string AdminToken = "bench-admin-token-0123456789abcdef";

    public static async Task<SluiceRun> RunAsync(string serverDll, bool split, IReadOnlyDictionary<string, string> settings, int connections, TimeSpan warmup, TimeSpan duration)
    {
        await using var azurite = await StoppableAzurite.StartAsync(CancellationToken.None);
        var storage = azurite.ConnectionString;
        Dictionary<string, string> ServerEnvironment(bool processing) => new(settings)
        {
            ["Sluice__Storage__ConnectionString"] = storage,
            ["Sluice__Storage__TablePrefix"] = "bench",
            ["Sluice__Admin__Tokens__bench"] = AdminToken,
            ["Sluice__Processing__Enabled"] = processing ? "true" : "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        var port = Ports.Free();
        await using var server = await ChildProcess.StartAsync(serverDll, ["--urls", $"http://127.0.0.1:{port}"], ServerEnvironment(!split), new Uri($"http://127.0.0.1:{port}/health/ready"));
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        var tenant = await (await admin.PostAsJsonAsync("/api/admin/tenants", new { name = "bench", plan = "team", rateLimitOverride = 1_000_000 })).Content.ReadFromJsonAsync<JsonElement>();
        var tenantId = tenant.GetProperty("id").GetString()!;
        var issued = await (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/keys", new { name = "bench", scopes = new[] { "ingest", "read" } })).Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("apiKey").GetString()!;

        var meters = new CpuMeters(server.ProcessId, azurite.ProcessId);
        var loadStarted = DateTimeOffset.UtcNow;
        var load = await LoadGenerator.RunAsync("sluice", new Uri($"http://127.0.0.1:{port}/api/events"), key, connections, warmup, duration);
        var loadEnded = DateTimeOffset.UtcNow;
        var cpu = meters.Read();
        Console.WriteLine($"   {load.AcceptedPerSecond:N0} events/s accepted, p99 {load.Percentile(0.99):F1} ms, {load.Errors} errors; draining {load.AcceptedIds.Count:N0} events...");

        var processorPort = Ports.Free();
        await using var processor = split
            ? await ChildProcess.StartAsync(serverDll, ["--urls", $"http://127.0.0.1:{processorPort}"], ServerEnvironment(true), new Uri($"http://127.0.0.1:{processorPort}/health/ready"))
            : null;
        var processingStarted = split ? DateTimeOffset.UtcNow : loadStarted;

        var queue = new QueueClient(storage, "bench-events", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05));
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(250);
        }

        var drained = DateTimeOffset.UtcNow;
        using var reader = new HttpClient { BaseAddress = admin.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var processed = (await reader.GetFromJsonAsync<JsonElement>("/api/usage")).GetProperty("processed").GetInt64();
        var peakRss = Math.Max(server.PeakRssMiB(), processor?.PeakRssMiB() ?? 0);
        Console.WriteLine("   auditing the log...");
        var audit = await LogAudit.RunAsync(storage, "bench", tenantId, load.AcceptedIds);
        return new SluiceRun(load, cpu, audit, peakRss, (drained - loadEnded).TotalSeconds, processed / (drained - processingStarted).TotalSeconds);
    }
}
