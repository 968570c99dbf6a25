using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Storage;

namespace Sluice.Server.Tests.Mcp;

/// <summary>The leak the old system died of: abandoned sessions. Here they are rows, and the reaper removes them all.</summary>
[Collection(nameof(Alone))]
public class McpReaperTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan ReaperInterval = TimeSpan.FromSeconds(2);

    /// <summary>What a reaper pass itself takes (a scan and ten delete transactions) plus this test's polling step.</summary>
    private static readonly TimeSpan PassAllowance = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_thousand_abandoned_sessions_are_reaped_within_idle_timeout_plus_one_interval_and_memory_returns()
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
        await WaitUntilNoSessionsAsync(host, TimeSpan.FromSeconds(30));
        var before = ManagedHeapBytes();

        await OpenSessionsAsync(client, 1_000);
        var lastOpened = Stopwatch.StartNew();
        Assert.Equal(1_000, await CountSessionsAsync(host));

        await WaitUntilNoSessionsAsync(host, IdleTimeout + ReaperInterval + TimeSpan.FromSeconds(30));
        var reapedAfter = lastOpened.Elapsed;
        var after = ManagedHeapBytes();
        TestContext.Current.TestOutputHelper?.WriteLine($"reaped {reapedAfter.TotalSeconds:0.0} s after the last session opened; managed heap {before / 1024} KiB -> {after / 1024} KiB");

        Assert.True(reapedAfter <= IdleTimeout + ReaperInterval + PassAllowance,
            $"the last session was reaped {reapedAfter.TotalSeconds:0.0} s after it opened (idle timeout {IdleTimeout.TotalSeconds} s + interval {ReaperInterval.TotalSeconds} s)");
        Assert.True(after - before < 4 * 1024 * 1024, $"managed heap grew from {before / 1024} KiB to {after / 1024} KiB");

        var metrics = await host.Client.GetStringAsync("/metrics", Ct);
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
