using System.Net.Http.Headers;

namespace Sluice.Server.Tests;

/// <summary>Every admin route refuses a missing or wrong admin token, and a tenant's API key is not an admin token.</summary>
public class AdminAuthTests(ServerFixture server) : ServerTests(server)
{
    private const string SomeTenant = "t0000000000000";
    private const string SomeKey = "k0000000000";

    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/api/admin/tenants" },
        { "GET", "/api/admin/tenants" },
        { "GET", $"/api/admin/tenants/{SomeTenant}" },
        { "PATCH", $"/api/admin/tenants/{SomeTenant}" },
        { "GET", $"/api/admin/tenants/{SomeTenant}/audit" },
        { "POST", $"/api/admin/tenants/{SomeTenant}/keys" },
        { "GET", $"/api/admin/tenants/{SomeTenant}/keys" },
        { "POST", $"/api/admin/tenants/{SomeTenant}/keys/{SomeKey}/rotate" },
        { "DELETE", $"/api/admin/tenants/{SomeTenant}/keys/{SomeKey}" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_token_every_admin_route_is_401_missing_admin_token(string method, string path)
    {
        using var response = await SendAsync(method, path, authorization: null);
        await ProblemAssert.IsAsync(ProblemTypes.MissingAdminToken, response);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task With_a_wrong_token_every_admin_route_is_401_invalid_admin_token(string method, string path)
    {
        using var response = await SendAsync(method, path, new AuthenticationHeaderValue("Bearer", SluiceHost.AdminToken + "x"));
        await ProblemAssert.IsAsync(ProblemTypes.InvalidAdminToken, response);
    }

    [Fact]
    public async Task A_tenant_key_is_not_an_admin_token()
    {
        var (_, key) = await Host.TenantWithKeyAsync("ingest", "read");
        using var response = await SendAsync("GET", "/api/admin/tenants", new AuthenticationHeaderValue("Bearer", key));
        await ProblemAssert.IsAsync(ProblemTypes.InvalidAdminToken, response);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = authorization;
        if (method is "POST" or "PATCH")
        {
            request.Content = new StringContent("""{"name":"x","scopes":["read"]}""", System.Text.Encoding.UTF8, "application/json");
        }

        return await Host.Client.SendAsync(request, Ct);
    }
}
