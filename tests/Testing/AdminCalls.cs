using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Sluice.Testing;

/// <summary>Admin API calls tests use to set up tenants and keys, through the real HTTP API.</summary>
public static class AdminCalls
{
    public static async Task<JsonElement> CreateTenantAsync(this SluiceHost host, string name = "acme", string plan = "pro")
    {
        using var response = await host.Admin.PostAsJsonAsync("/api/admin/tenants", new { name, plan });
        return await ExpectAsync(HttpStatusCode.Created, response);
    }

    /// <summary>Issues a key and returns it in clear.</summary>
    public static async Task<string> IssueKeyAsync(this SluiceHost host, string tenantId, params string[] scopes)
    {
        using var response = await host.Admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/keys", new { name = "test", scopes });
        return (await ExpectAsync(HttpStatusCode.Created, response)).GetProperty("apiKey").GetString()!;
    }

    /// <summary>A new tenant with one key of the given scopes.</summary>
    public static async Task<(string TenantId, string Key)> TenantWithKeyAsync(this SluiceHost host, params string[] scopes)
    {
        var tenantId = (await host.CreateTenantAsync()).GetProperty("id").GetString()!;
        return (tenantId, await host.IssueKeyAsync(tenantId, scopes));
    }

    /// <summary>A new tenant and a client whose key may both send and read.</summary>
    public static async Task<HttpClient> TenantClientAsync(this SluiceHost host, string plan = "team", int? rateLimitOverride = null)
    {
        using var create = await host.Admin.PostAsJsonAsync("/api/admin/tenants", new { name = "acme", plan, rateLimitOverride });
        var tenantId = (await ExpectAsync(HttpStatusCode.Created, create)).GetProperty("id").GetString()!;
        return host.WithKey(await host.IssueKeyAsync(tenantId, "ingest", "read"));
    }

    public static async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
