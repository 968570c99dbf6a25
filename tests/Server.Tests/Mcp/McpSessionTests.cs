using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Sessions;

namespace Sluice.Server.Tests.Mcp;

/// <summary>Sessions of the initialize revisions: stored in Table Storage, served by any instance, 404 once gone or not the caller's.</summary>
public class McpSessionTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _prefix = AzuriteFixture.NewTablePrefix();
    private SluiceHost _first = null!;
    private SluiceHost _second = null!;

    public async ValueTask InitializeAsync()
    {
        _first = await SluiceHost.StartAsync(storage, _prefix);
        _second = await SluiceHost.StartAsync(storage, _prefix);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData("2025-06-18")]
    [InlineData("2025-03-26")]
    public async Task One_session_alternates_between_two_instances_and_ends_on_either(string revision)
    {
        var (tenantId, key) = await _first.TenantWithKeyAsync("ingest", "read");
        var id = await _first.WithKey(key).SendAsync("build.finished", new { ok = true });
        await _first.WithKey(key).WaitForEventAsync(id);
        var router = new AlternatingHandler(_first.Address, _second.Address);

        var client = await _first.ConnectAsync(key, revision, router);
        var stored = await _first.Services.GetRequiredService<SessionStore>().FindAsync(client.SessionId!, Ct);
        Assert.Equal(tenantId, stored?.TenantId);
        Assert.Equal(revision, stored?.ProtocolVersion);

        for (var i = 0; i < 6; i++)
        {
            var result = await client.CallToolAsync("get_event", new Dictionary<string, object?> { ["id"] = id }, cancellationToken: Ct);
            Assert.True(result.IsError is not true);
        }

        Assert.All(router.ServedBy.Values, served => Assert.True(served >= 3, $"each instance should have served the session: {JsonSerializer.Serialize(router.ServedBy)}"));
        await client.DisposeAsync(); // sends DELETE, to whichever instance is next
        Assert.Null(await _second.Services.GetRequiredService<SessionStore>().FindAsync(stored!.Id, Ct));
    }

    [Fact]
    public async Task Another_tenants_key_with_a_valid_session_id_gets_404_and_the_session_lives_on()
    {
        var (_, owner) = await _first.TenantWithKeyAsync("read");
        var (_, stranger) = await _first.TenantWithKeyAsync("read");
        var session = await _first.WithKey(owner).InitializeAsync();

        using var borrowed = await _second.WithKey(stranger).PostRawAsync(McpCalls.ListTools, session);
        await ProblemAssert.IsAsync(ProblemTypes.SessionNotFound, borrowed);
        using var borrowedDelete = await _second.WithKey(stranger).DeleteSessionAsync(session);
        await ProblemAssert.IsAsync(ProblemTypes.SessionNotFound, borrowedDelete);

        using var own = await _second.WithKey(owner).PostRawAsync(McpCalls.ListTools, session);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("search_events", await own.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_deleted_session_gets_404_on_every_instance()
    {
        var (_, key) = await _first.TenantWithKeyAsync("read");
        var session = await _first.WithKey(key).InitializeAsync();

        using var ended = await _second.WithKey(key).DeleteSessionAsync(session);
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);

        foreach (var host in new[] { _first, _second })
        {
            using var after = await host.WithKey(key).PostRawAsync(McpCalls.ListTools, session);
            await ProblemAssert.IsAsync(ProblemTypes.SessionNotFound, after);
            using var again = await host.WithKey(key).DeleteSessionAsync(session);
            await ProblemAssert.IsAsync(ProblemTypes.SessionNotFound, again);
        }
    }

    [Theory]
    [InlineData("s00000000000000000000000000")]
    [InlineData("not-a-session")]
    [InlineData("s0000000000000000000000000'")]
    public async Task An_unknown_session_id_gets_404(string session)
    {
        var (_, key) = await _first.TenantWithKeyAsync("read");
        using var response = await _first.WithKey(key).PostRawAsync(McpCalls.ListTools, session);
        await ProblemAssert.IsAsync(ProblemTypes.SessionNotFound, response);
    }

    [Fact]
    public async Task An_expired_session_gets_404_before_the_reaper_has_run()
    {
        await using var host = await SluiceHost.StartAsync(storage, AzuriteFixture.NewTablePrefix(),
            new Dictionary<string, string?> { ["Sluice:Sessions:IdleTimeout"] = "00:00:01", ["Sluice:Sessions:ReaperInterval"] = "01:00:00" });
        var (_, key) = await host.TenantWithKeyAsync("read");
        var session = await host.WithKey(key).InitializeAsync();

        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        using var response = await host.WithKey(key).PostRawAsync(McpCalls.ListTools, session);
        await ProblemAssert.IsAsync(ProblemTypes.SessionNotFound, response);
    }

    [Theory]
    [InlineData("2025-11-25", "2025-11-25")]
    [InlineData("2025-03-26", "2025-03-26")]
    [InlineData("1999-01-01", "2025-11-25")]
    public async Task Initialize_settles_on_a_revision_with_sessions_and_stores_it(string requested, string negotiated)
    {
        var (_, key) = await _first.TenantWithKeyAsync("read");
        using var response = await _first.WithKey(key).PostRawAsync(McpCalls.Initialize(requested), protocolVersion: null);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\"protocolVersion\":\"{negotiated}\"", body);
        var session = await _first.Services.GetRequiredService<SessionStore>().FindAsync(response.Headers.GetValues("Mcp-Session-Id").Single(), Ct);
        Assert.Equal(negotiated, session?.ProtocolVersion);
    }

    /// <summary>Sends each request to the next of two instances, and counts who served what.</summary>
    private sealed class AlternatingHandler(params Uri[] instances) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _next;

        public ConcurrentDictionary<int, int> ServedBy { get; } = new(instances.ToDictionary(i => i.Port, _ => 0));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var instance = instances[Interlocked.Increment(ref _next) % instances.Length];
            request.RequestUri = new UriBuilder(request.RequestUri!) { Port = instance.Port }.Uri;
            if (request.Method == HttpMethod.Post && request.Headers.Contains("Mcp-Session-Id"))
            {
                ServedBy.AddOrUpdate(instance.Port, 1, (_, n) => n + 1);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
