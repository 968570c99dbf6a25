using System.Collections.Concurrent;
using System.Text.Json;

namespace Sluice.Client.Tests;

/// <summary>What retrying cannot fix comes back at once as its own exception, and nothing is lost or sent twice because of it.</summary>
public class ClientErrorTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task A_refused_key_is_401_at_once_and_the_outbox_keeps_the_events()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var outbox = Directory.CreateTempSubdirectory("sluice-client-401-").FullName;
        var retries = new ConcurrentQueue<SluiceRetry>();
        await using var client = new SluiceClient(new SluiceClientOptions { BaseAddress = host.Address, ApiKey = "sluice_not_a_real_key", OutboxDirectory = outbox, OnRetry = retries.Enqueue });

        var refused = await Assert.ThrowsAsync<SluiceAuthenticationException>(() => client.SendAsync(ClientRetryTests.Events("k", 5), Ct));

        Assert.Equal(401, refused.Problem!.Status);
        Assert.Equal("urn:sluice:problem:malformed-key", refused.Problem.Type);
        Assert.Empty(retries);
        Assert.Equal(5, client.Outbox!.Pending);
    }

    [Fact]
    public async Task A_key_without_the_ingest_scope_is_403()
    {
        await using var host = await StartHostAsync();
        var (_, readOnly) = await host.TenantWithKeyAsync("read");
        await using var client = new SluiceClient(new SluiceClientOptions { BaseAddress = host.Address, ApiKey = readOnly });

        var refused = await Assert.ThrowsAsync<SluiceForbiddenException>(() => client.SendAsync(ClientRetryTests.Events("f", 1), Ct));
        Assert.Equal(403, refused.Problem!.Status);
    }

    [Fact]
    public async Task An_invalid_event_is_422_and_without_an_outbox_the_caller_learns_which()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        await using var client = ClientRetryTests.Client(host, tenant, outbox: null, retries: null);

        var rejected = await Assert.ThrowsAsync<SluiceRejectedException>(() => client.SendAsync(
            [SluiceEvent.Create("fine", new { }), SluiceEvent.Create("has space", new { })], Ct));

        Assert.Equal(422, rejected.Problem!.Status);
        Assert.Contains("events[1].type", rejected.Problem.Errors!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_outbox_only_the_invalid_events_are_set_aside_and_the_rest_are_delivered()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var outbox = Directory.CreateTempSubdirectory("sluice-client-422-").FullName;
        await using var client = ClientRetryTests.Client(host, tenant, outbox, retries: null);
        var events = ClientRetryTests.Events("ok", 10);
        events.Insert(4, SluiceEvent.Create("has space", new { }, "bad-1"));

        Assert.Equal(10, await client.SendAsync(events, Ct));

        Assert.Equal(0, client.Outbox!.Pending);
        Assert.Equal(1, client.Outbox.Rejected);
        var line = JsonDocument.Parse(File.ReadLines(Path.Combine(outbox, "rejected.ndjson")).Single()).RootElement;
        Assert.Equal("bad-1", line.GetProperty("event").GetProperty("id").GetString());
        Assert.Contains("422", line.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await tenant.WaitForProcessedAsync(10);
        Assert.Equal(10, (await tenant.ListAllAsync()).Count);
    }

    [Fact]
    public async Task An_event_over_the_request_limit_is_413()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        await using var client = ClientRetryTests.Client(host, tenant, outbox: null, retries: null);

        var huge = SluiceEvent.Create("big", new { blob = new string('x', 1_100_000) });
        var refused = await Assert.ThrowsAsync<SluicePayloadTooLargeException>(() => client.SendAsync(huge, Ct));
        Assert.Equal(413, refused.Problem!.Status);
    }

    [Fact]
    public async Task A_404_is_never_taken_for_a_confirmation()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var outbox = Directory.CreateTempSubdirectory("sluice-client-404-").FullName;
        await using var client = new SluiceClient(
            new SluiceClientOptions { BaseAddress = host.Address, ApiKey = tenant.DefaultRequestHeaders.Authorization!.Parameter!, OutboxDirectory = outbox },
            new WrongPath { InnerHandler = new HttpClientHandler() });

        var error = await Assert.ThrowsAsync<SluiceException>(() => client.SendAsync(ClientRetryTests.Events("lost?", 3), Ct));

        Assert.Equal(404, error.Problem!.Status);
        Assert.Equal(3, client.Outbox!.Pending);
    }

    /// <summary>A proxy or a wrong base address: every request lands on a path that does not exist.</summary>
    private sealed class WrongPath : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(request.RequestUri!, "/api/nope");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
