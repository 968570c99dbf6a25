namespace Sluice.Server.Tests;

/// <summary>Every way a tenant key can be refused, each with its own problem type.</summary>
public class TenantKeyProblemTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task No_key_is_401_missing_key()
    {
        using var response = await Host.Client.GetAsync("/api/me", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MissingKey, response);
    }

    [Theory]
    [InlineData("Bearer not-a-sluice-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer sluice_t0000000000000_k0000000000_short")]
    [InlineData("Bearer sluice_T0000000000000_k0000000000_0000000000000000000000000000000000000000000000000000")]
    [InlineData("Bearer sluice_nope")]
    public async Task A_malformed_key_is_401_malformed_key_that_shows_what_a_key_looks_like(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Host.Client.SendAsync(request, Ct);
        var detail = (await ProblemAssert.IsAsync(ProblemTypes.MalformedKey, response)).GetProperty("detail").GetString();
        Assert.Contains("sluice_<tenant id>_<key id>_<secret>", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_key_or_admin_token_without_the_Bearer_scheme_is_refused_as_malformed_not_accepted()
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/me"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", key);
            using var response = await Host.Client.SendAsync(request, Ct);
            await ProblemAssert.IsAsync(ProblemTypes.MalformedKey, response);
        }

        using var admin = new HttpRequestMessage(HttpMethod.Get, "/api/admin/tenants");
        admin.Headers.TryAddWithoutValidation("Authorization", SluiceHost.AdminToken);
        using var refused = await Host.Client.SendAsync(admin, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.InvalidAdminToken, refused);
    }

    [Fact]
    public async Task A_well_formed_key_nobody_issued_is_401_unknown_key()
    {
        var forged = Keys.ApiKey.Create(Tenants.TenantIds.New()).Value;
        using var response = await GetMeAsync(forged);
        await ProblemAssert.IsAsync(ProblemTypes.UnknownKey, response);
    }

    [Fact]
    public async Task A_real_tenant_with_a_wrong_secret_is_401_unknown_key()
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        var tampered = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');
        using var response = await GetMeAsync(tampered);
        await ProblemAssert.IsAsync(ProblemTypes.UnknownKey, response);
    }

    [Fact]
    public async Task A_revoked_key_is_401_revoked_key()
    {
        var (tenantId, key) = await Host.TenantWithKeyAsync("read");
        var keyId = key.Split('_')[2];
        await AdminCalls.ExpectAsync(HttpStatusCode.OK, await Host.Admin.DeleteAsync($"/api/admin/tenants/{tenantId}/keys/{keyId}", Ct));

        using var response = await GetMeAsync(key);
        await ProblemAssert.IsAsync(ProblemTypes.RevokedKey, response);
    }

    [Fact]
    public async Task An_ingest_only_key_reading_is_403_insufficient_scope()
    {
        var (_, key) = await Host.TenantWithKeyAsync("ingest");
        using var response = await GetMeAsync(key);
        await ProblemAssert.IsAsync(ProblemTypes.InsufficientScope, response);
    }

    [Fact]
    public async Task A_suspended_tenant_is_403_tenant_suspended()
    {
        var (tenantId, key) = await Host.TenantWithKeyAsync("read");
        await AdminCalls.ExpectAsync(HttpStatusCode.OK, await Host.Admin.PatchAsJsonAsync($"/api/admin/tenants/{tenantId}", new { status = "suspended" }, Ct));

        using var response = await GetMeAsync(key);
        await ProblemAssert.IsAsync(ProblemTypes.TenantSuspended, response);
    }

    [Fact]
    public async Task An_admin_token_is_not_a_tenant_key()
    {
        using var response = await GetMeAsync(SluiceHost.AdminToken);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedKey, response);
    }
}
