using System.Security.Claims;
using Sluice.Tenants;

namespace Sluice.Mcp;

/// <summary>
/// Who an MCP request comes from. <see cref="McpEndpoint"/> sets it on the request after the key check; the SDK
/// hands it to tools as their <see cref="ClaimsPrincipal"/>, so a tool only ever sees its caller's tenant.
/// </summary>
public static class McpCaller
{
    private const string TenantClaim = "sluice/tenant";

    public static ClaimsPrincipal For(Tenant tenant) =>
        new(new ClaimsIdentity([new Claim(TenantClaim, tenant.Id)], authenticationType: "SluiceApiKey"));

    public static string TenantId(ClaimsPrincipal user) =>
        user.FindFirst(TenantClaim)?.Value ?? throw new InvalidOperationException("MCP tools run only behind McpEndpoint's key check.");
}
