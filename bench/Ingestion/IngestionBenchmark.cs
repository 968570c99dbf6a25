using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Sluice.Bench.Harness;
using Sluice.Server.Local;

namespace Sluice.Bench.Ingestion;

/// <summary>
/// <c>bench/run</c>: starts Azurite and the Server (Release), drives POST /api/events, drains, audits the log, and
/// measures the bare and naive references in the same run.
/// </summary>
public static class IngestionBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> options)
    {
        var duration = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("duration", "10"), CultureInfo.InvariantCulture));
        var warmup = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("warmup", "3"), CultureInfo.InvariantCulture));
        var connections = int.Parse(options.GetValueOrDefault("connections", "200"), CultureInfo.InvariantCulture);
        var root = RepositoryRoot.Find();
        var serverDll = Path.Combine(root, "src", "Server", "bin", "Release", "net10.0", "Sluice.Server.dll");
        var benchDll = typeof(LoadResult).Assembly.Location;
        var started = DateTimeOffset.UtcNow;

        var azuriteData = Directory.CreateTempSubdirectory("sluice-bench-").FullName;
        await using var azurite = await AzuriteProcess.StartAsync(azuriteData, CancellationToken.None);
        var storage = azurite.ConnectionString;
        Console.WriteLine($"Azurite on disk at {azuriteData}; {connections} connections, {warmup.TotalSeconds:0} s warm-up, {duration.TotalSeconds:0} s per target");

        Console.WriteLine("1/4 Azurite batch inserts (reference for processing)...");
        var batchRate = await AzuriteBatchReference.EntitiesPerSecondAsync(storage, TimeSpan.FromSeconds(10));

        Console.WriteLine("2/4 bare Kestrel (ceiling)...");
        LoadResult bare;
        var barePort = Ports.Free();
        await using (await ChildProcess.StartAsync(benchDll, ["reference", "bare", $"{barePort}"], new Dictionary<string, string>(), new Uri($"http://127.0.0.1:{barePort}/ready")))
        {
            bare = await LoadGenerator.RunAsync("bare", new Uri($"http://127.0.0.1:{barePort}/events"), null, connections, warmup, duration);
        }

        Console.WriteLine("3/4 Sluice Server (Release)...");
        var sluicePort = Ports.Free();
        const string adminToken = "bench-admin-token-0123456789abcdef";
        var serverEnvironment = new Dictionary<string, string>
        {
            ["Sluice__Storage__ConnectionString"] = storage,
            ["Sluice__Storage__TablePrefix"] = "bench",
            ["Sluice__Admin__Tokens__bench"] = adminToken,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        LoadResult sluice;
        AuditResult audit;
        double peakRss, drainSeconds, processedPerSecond;
        await using (var server = await ChildProcess.StartAsync(serverDll, ["--urls", $"http://127.0.0.1:{sluicePort}"], serverEnvironment, new Uri($"http://127.0.0.1:{sluicePort}/health/ready")))
        {
            using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sluicePort}") };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
            var tenant = await (await admin.PostAsJsonAsync("/api/admin/tenants", new { name = "bench", plan = "team", rateLimitOverride = 1_000_000 })).Content.ReadFromJsonAsync<JsonElement>();
            var tenantId = tenant.GetProperty("id").GetString()!;
            var issued = await (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/keys", new { name = "bench", scopes = new[] { "ingest", "read" } })).Content.ReadFromJsonAsync<JsonElement>();
            var key = issued.GetProperty("apiKey").GetString()!;

            var loadStarted = DateTimeOffset.UtcNow;
            sluice = await LoadGenerator.RunAsync("sluice", new Uri($"http://127.0.0.1:{sluicePort}/api/events"), key, connections, warmup, duration);
            var loadEnded = DateTimeOffset.UtcNow;

            var queue = new QueueClient(storage, "bench-events", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05));
            while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
            {
                await Task.Delay(250);
            }

            var drained = DateTimeOffset.UtcNow;
            drainSeconds = (drained - loadEnded).TotalSeconds;
            using var reader = new HttpClient { BaseAddress = admin.BaseAddress };
            reader.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var processed = (await reader.GetFromJsonAsync<JsonElement>("/api/usage")).GetProperty("processed").GetInt64();
            processedPerSecond = processed / (drained - loadStarted).TotalSeconds;
            peakRss = server.PeakRssMiB();
            Console.WriteLine("   auditing the log...");
            audit = await LogAudit.RunAsync(storage, "bench", tenantId, sluice.AcceptedIds);
        }

        Console.WriteLine("4/4 naive: one queue send per request...");
        LoadResult naive;
        var naivePort = Ports.Free();
        await using (await ChildProcess.StartAsync(benchDll, ["reference", "naive", $"{naivePort}", storage], new Dictionary<string, string>(), new Uri($"http://127.0.0.1:{naivePort}/ready")))
        {
            naive = await LoadGenerator.RunAsync("naive", new Uri($"http://127.0.0.1:{naivePort}/events"), null, connections, warmup, duration);
        }

        var report = Report.Markdown(started, connections, duration, batchRate, bare, naive, sluice, audit, peakRss, drainSeconds, processedPerSecond);
        await ResultFiles.WriteAsync("latest.md", report);
        Directory.Delete(azuriteData, recursive: true);
        return audit.ExactlyOnce && sluice.Errors == 0 ? 0 : 1;
    }
}
