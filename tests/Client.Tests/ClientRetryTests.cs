using System.Collections.Concurrent;
using System.Text.Json;

namespace Sluice.Client.Tests;

/// <summary>How the client meets Sluice's real answers: 429 and 503 with Retry-After are waited out as told, until a deadline.</summary>
public class ClientRetryTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task A_429_is_waited_out_for_as_long_as_Retry_After_says_then_the_events_go_through()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync("free"); // a bucket of 60, one more each second
        var retries = new ConcurrentQueue<SluiceRetry>();
        await using var client = Client(host, tenant, outbox: null, retries);

        Assert.Equal(60, await client.SendAsync(Events("burst", 60), Ct));
        Assert.Equal(3, await client.SendAsync(Events("more", 3), Ct)); // needs three more tokens: about 3 s

        Assert.NotEmpty(retries);
        Assert.All(retries, r =>
        {
            Assert.Equal(429, r.Status);
            Assert.True(r.ServerSaidWhen, "the client must wait as the server said");
            Assert.InRange(r.Delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
        });
        Assert.True(retries.Count <= 4, $"{retries.Count} retries: the client should wait, not poll");
        await tenant.WaitForProcessedAsync(63);
        Assert.Equal(63, (await tenant.ListAllAsync()).Count);
    }

    [Fact]
    public async Task Past_the_deadline_it_gives_up_cleanly_and_the_outbox_keeps_every_event_for_the_next_run()
    {
        var outbox = Directory.CreateTempSubdirectory("sluice-client-outbox-").FullName;
        await using var azurite = await StoppableAzurite.StartAsync(Ct);
        await using var host = await SluiceHost.StartAsync(azurite.ConnectionString, AzuriteFixture.NewTablePrefix());
        using var tenant = await host.TenantClientAsync();
        await azurite.StopAsync();

        var retries = new ConcurrentQueue<SluiceRetry>();
        await using (var client = Client(host, tenant, outbox, retries, deadline: TimeSpan.FromSeconds(3)))
        {
            var gaveUp = await Assert.ThrowsAsync<SluiceGaveUpException>(() => client.SendAsync(Events("kept", 150), Ct));
            Assert.Equal(150, gaveUp.Pending);
            Assert.Equal(150, client.Outbox!.Pending);
        }

        Assert.Contains(retries, r => r.Status == 503 && r.ServerSaidWhen);
        await azurite.RestartAsync(Ct);
        await using (var later = Client(host, tenant, outbox, retries: null))
        {
            Assert.Equal(150, later.Outbox!.Pending);
            Assert.Equal(150, await later.FlushAsync(Ct));
            Assert.Equal(0, later.Outbox!.Pending);
        }

        await tenant.WaitForProcessedAsync(150);
        Assert.Equal(150, (await tenant.ListAllAsync()).Count);
    }

    internal static List<SluiceEvent> Events(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => SluiceEvent.Create("client.test", new { i }, $"{prefix}-{i:D4}")).ToList();

    internal static SluiceClient Client(SluiceHost host, HttpClient tenant, string? outbox, ConcurrentQueue<SluiceRetry>? retries, TimeSpan? deadline = null) =>
        new(new SluiceClientOptions
        {
            BaseAddress = host.Address,
            ApiKey = tenant.DefaultRequestHeaders.Authorization!.Parameter!,
            OutboxDirectory = outbox,
            Deadline = deadline ?? TimeSpan.FromSeconds(60),
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            OnRetry = retries is null ? null : retries.Enqueue,
        });
}
