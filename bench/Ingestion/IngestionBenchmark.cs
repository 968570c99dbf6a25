using System.Globalization;
using System.Text;
using Sluice.Bench.Harness;
using Sluice.Server.Local;
using Sluice.Testing;

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
        var split = options.GetValueOrDefault("topology", "one") == "split";
        var settings = ServerSettings(options.GetValueOrDefault("set", ""));
        var root = RepositoryRoot.Find();
        var serverDll = Path.Combine(root, "src", "Server", "bin", "Release", "net10.0", "Sluice.Server.dll");
        var benchDll = typeof(LoadResult).Assembly.Location;
        var started = DateTimeOffset.UtcNow;

        // Each storage-backed target gets a fresh Azurite on disk: what one target left behind would slow the next.
        Console.WriteLine($"{connections} connections, {warmup.TotalSeconds:0} s warm-up, {duration.TotalSeconds:0} s per target, a fresh Azurite on disk for each");

        Console.WriteLine("1/4 Azurite batch inserts (reference for processing)...");
        var batchRate = await AzuriteBatchReference.EntitiesPerSecondAsync(TimeSpan.FromSeconds(10));

        Console.WriteLine("2/4 bare Kestrel (ceiling)...");
        LoadResult bare;
        var barePort = Ports.Free();
        await using (await ChildProcess.StartAsync(benchDll, ["reference", "bare", $"{barePort}"], new Dictionary<string, string>(), new Uri($"http://127.0.0.1:{barePort}/ready")))
        {
            bare = await LoadGenerator.RunAsync("bare", new Uri($"http://127.0.0.1:{barePort}/events"), null, connections, warmup, duration);
        }

        Console.WriteLine(split ? "3/4 Sluice: one Server accepting, then another processing (Release)..." : "3/4 Sluice Server (Release)...");
        var sluice = await SluiceTarget.RunAsync(serverDll, split, settings, connections, warmup, duration);

        Console.WriteLine("4/4 naive: one queue send per request...");
        LoadResult naive;
        var naivePort = Ports.Free();
        await using (var naiveStorage = await StoppableAzurite.StartAsync(CancellationToken.None))
        await using (await ChildProcess.StartAsync(benchDll, ["reference", "naive", $"{naivePort}", naiveStorage.ConnectionString], new Dictionary<string, string>(), new Uri($"http://127.0.0.1:{naivePort}/ready")))
        {
            naive = await LoadGenerator.RunAsync("naive", new Uri($"http://127.0.0.1:{naivePort}/events"), null, connections, warmup, duration);
        }

        var entities = 2 * sluice.Audit.Logged;
        Console.WriteLine($"   Azurite batch inserts again, for the {entities:N0} rows the Sluice run wrote...");
        var matchedBatchRate = await AzuriteBatchReference.EntitiesPerSecondAsync(entities);

        var report = Report.Markdown(started, connections, duration, split, (batchRate, matchedBatchRate), bare, naive, sluice);
        await ResultFiles.WriteAsync("latest.md", report);
        return sluice.Audit.ExactlyOnce && sluice.Load.Errors == 0 ? 0 : 1;
    }

    /// <summary>Extra Server settings for experiments: <c>--set "Sluice__Ingest__Senders=1,Sluice__Processing__Concurrency=2"</c>.</summary>
    private static Dictionary<string, string> ServerSettings(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
}
