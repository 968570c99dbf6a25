using System.Text;

namespace Sluice.Client.Tests;

/// <summary>
/// The promise the system Sluice replaces broke: "no data loss, the CLI retries automatically". Events go through
/// the CLI while storage is down for several seconds and the CLI is killed once mid-send; after recovery a second
/// run delivers the rest, and every event is in the log exactly once.
/// </summary>
public class CliOutageTests
{
    private const int Events = 10_000;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_sent_through_the_CLI_survive_a_storage_outage_and_a_kill_mid_send()
    {
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-outbox-").FullName;
        await using var azurite = await StoppableAzurite.StartAsync(Ct);
        await using var host = await SluiceHost.StartAsync(azurite.ConnectionString, AzuriteFixture.NewTablePrefix(),
            new Dictionary<string, string?> { ["Sluice:Processing:VisibilityTimeout"] = "00:00:05" });
        using var tenant = await host.TenantClientAsync("team", rateLimitOverride: 1_000_000);
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        var ids = Enumerable.Range(0, Events).Select(i => $"cli-{i:D5}").ToList();
        var ndjson = string.Concat(ids.Select(id => $"{{\"id\":\"{id}\",\"type\":\"cli.test\",\"payload\":{{\"id\":\"{id}\"}}}}\n"));

        // First run: killed once some events are confirmed and storage is down.
        using (var first = CliProcess.Start(host.Address, key, outbox, ["send", "--ndjson"], ndjson))
        {
            // Some batches confirmed: the outbox has acknowledgement records after its 10,000 additions.
            await WaitUntilAsync(() => Task.FromResult(ReadOutboxLines(outbox) > Events || first.HasExited));
            Assert.False(first.HasExited, "the first run finished before it could be interrupted; send more events");
            await azurite.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(2), Ct); // the CLI meets 503s and retries
            first.Kill();
        }

        var confirmedBatches = ReadOutboxLines(outbox) - Events;
        Assert.True(confirmedBatches is > 0 and < Events / 100, $"{confirmedBatches} batches confirmed before the kill: it should be some, not all");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // storage stays down a while longer
        await azurite.RestartAsync(Ct);

        // Second run: drains what the first left behind.
        var (exit, stdout, stderr) = await CliProcess.RunAsync(host.Address, key, outbox, ["outbox", "flush"]);
        Assert.True(exit == 0, $"exit {exit}: {stdout} {stderr}");

        TestContext.Current.TestOutputHelper!.WriteLine($"killed mid-send with {confirmedBatches} of {Events / 100} batches confirmed; the second run said: {stdout.Trim()}");
        var (statusExit, status, _) = await CliProcess.RunAsync(host.Address, key, outbox, ["outbox", "status"]);
        Assert.Equal(0, statusExit);
        Assert.Contains("\"pending\":0", status, StringComparison.Ordinal);
        await tenant.WaitForProcessedAsync(Events);
        var logged = (await tenant.ListAllAsync()).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(Events, logged.Count);
        Assert.Equal(ids.Order(), logged.Order());
        var usage = await tenant.WaitForProcessedAsync(Events);
        Assert.Equal(Events, usage.GetProperty("processed").GetInt64());
    }

    private static int ReadOutboxLines(string outbox)
    {
        if (!File.Exists(Path.Combine(outbox, "outbox.log")))
        {
            return 0; // the CLI has not opened it yet
        }

        using var log = new FileStream(Path.Combine(outbox, "outbox.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(log, Encoding.UTF8);
        return reader.ReadToEnd().Count(c => c == '\n');
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "waited 60 s");
            await Task.Delay(20, Ct);
        }
    }
}
