namespace Sluice.Server.Tests;

/// <summary>Base of the HTTP tests: one Server per test class, plus the calls most tests make.</summary>
public abstract class ServerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    protected SluiceHost Host => server.Host;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary><c>GET /api/me</c> with <paramref name="key"/> as the bearer credential.</summary>
    protected async Task<HttpResponseMessage> GetMeAsync(string key)
    {
        using var client = Host.WithKey(key);
        return await client.GetAsync("/api/me", Ct);
    }
}
