namespace Sluice.Server.Tests;

/// <summary>What the framework itself answers (unknown routes, wrong methods) and storage outages follow the contract too.</summary>
public class ErrorContractTests(ServerFixture server, AzuriteFixture storage) : ServerTests(server)
{
    [Fact]
    public async Task The_root_points_a_newcomer_at_the_API_and_health_endpoints()
    {
        using var response = await Host.Client.GetAsync("/", Ct);
        var welcome = await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        var endpoints = welcome.GetProperty("endpoints");
        Assert.True(endpoints.TryGetProperty("POST /api/events", out _));
        Assert.True(endpoints.TryGetProperty("GET /health/ready", out _));
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/admin/tenants/t0000000000000/nothing")]
    [InlineData("/api/me/../../etc/passwd")]
    public async Task An_unknown_route_is_404_problem(string path)
    {
        using var response = await Host.Client.GetAsync(path, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.NotFound, response);
    }

    [Fact]
    public async Task A_wrong_method_is_405_problem()
    {
        using var response = await Host.Client.PutAsync("/api/me", null, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MethodNotAllowed, response);
        Assert.Equal(["GET"], response.Content.Headers.Allow);

        using var events = await Host.Client.DeleteAsync("/api/events", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MethodNotAllowed, events);
        Assert.Equal(["GET", "POST"], events.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task With_storage_unreachable_validation_is_503_with_retry_after_not_500()
    {
        // A host whose storage account does not answer at all (a closed loopback port).
        var dead = Local.AzuriteProcess.ConnectionStringFor(1, 1, 1);
        await using var host = await SluiceHost.StartAsync(storage, AzuriteFixture.NewTablePrefix(),
            new Dictionary<string, string?> { ["Sluice:Storage:ConnectionString"] = dead, ["Sluice:Storage:CallTimeout"] = "00:00:01" });
        using var client = host.WithKey(Keys.ApiKey.Create(Tenants.TenantIds.New()).Value);

        using var me = await client.GetAsync("/api/me", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.StorageUnavailable, me);
        Assert.True(me.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var admin = await host.Admin.GetAsync("/api/admin/tenants", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.StorageUnavailable, admin);
        Assert.NotEqual(HttpStatusCode.InternalServerError, admin.StatusCode);
    }
}
