using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Storage;

namespace Sluice.Server.Tests.Mcp;

/// <summary>The leak the old system died of: abandoned sessions. Here they are rows, and the reaper removes them all.</summary>
[Collection(nameof(Alone))]
public class McpReaperTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    /// <summary>
    /// Longer than opening a thousand sessions takes on a loaded machine (on two busy cores it took more than 4 s), so
    /// none expires before they are all counted. How soon the reaper follows the timeout is a figure for
    /// docs/performance.md, printed here, not asserted.
    /// </summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReaperInterval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_thousand_abandoned_sessions_are_all_reaped_and_memory_returns()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Sluice:Sessions:IdleTimeout"] = IdleTimeout.ToString(),
            ["Sluice:Sessions:ReaperInterval"] = ReaperInterval.ToString(),
        });
        var (_, key) = await host.TenantWithKeyAsync("read");
        var client = host.WithKey(key);

        // Warm every path (Kestrel, key cache, the SDK, storage clients) before taking the baseline.
        await OpenSessionsAsync(client, 200);
        await WaitUntilNoSessionsAsync(host, LoadedMachine.Patience);
        var before = ManagedHeapBytes();

        await OpenSessionsAsync(client, 1_000);
        var lastOpened = Stopwatch.StartNew();
        Assert.Equal(1_000, await CountSessionsAsync(host));

        await WaitUntilNoSessionsAsync(host, IdleTimeout + LoadedMachine.Patience);
        var reapedAfter = lastOpened.Elapsed;
        var after = ManagedHeapBytes();
        TestContext.Current.TestOutputHelper?.WriteLine($"reaped {reapedAfter.TotalSeconds:0.0} s after the last session opened (idle timeout {IdleTimeout.TotalSeconds} s, interval {ReaperInterval.TotalSeconds} s); managed heap {before / 1024} KiB -> {after / 1024} KiB");

        Assert.True(after - before < 4 * 1024 * 1024, $"managed heap grew from {before / 1024} KiB to {after / 1024} KiB");

        var metrics = await host.Admin.GetStringAsync("/metrics", Ct);
        Assert.Contains("sluice_mcp_sessions_created_total", metrics);
        Assert.Contains("sluice_mcp_sessions_reaped_total", metrics);
        Assert.Contains("sluice_mcp_sessions_active", metrics);
    }

    private static async Task OpenSessionsAsync(HttpClient client, int count) =>
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 50, CancellationToken = Ct },
            async (_, _) => await client.InitializeAsync());

    private static async Task WaitUntilNoSessionsAsync(SluiceHost host, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (await CountSessionsAsync(host) > 0)
        {
            Assert.True(watch.Elapsed < deadline, $"sessions still stored after {deadline}");
            await Task.Delay(250, Ct);
        }
    }

    private static async Task<int> CountSessionsAsync(SluiceHost host)
    {
        var count = 0;
        await foreach (var _ in host.Services.GetRequiredService<SluiceTables>().Sessions.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: Ct))
        {
            count++;
        }

        return count;
    }

    private static long ManagedHeapBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
