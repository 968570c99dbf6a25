using Sluice.Admin;
using Sluice.Auth;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Server.Local;

/// <summary>
/// The local demo tenant. Its key lives in a file under the data directory so that a restart reuses it; if the
/// key no longer works (revoked, or the data was wiped) a new one is issued.
/// </summary>
public static class DemoTenant
{
    private const string Actor = "local-run";
    private const ApiKeyScope Scopes = ApiKeyScope.Ingest | ApiKeyScope.Read;

    public static async Task<(string TenantId, string ApiKey)> EnsureAsync(IServiceProvider services, string keyPath, CancellationToken cancellationToken)
    {
        var saved = File.Exists(keyPath) ? (await File.ReadAllTextAsync(keyPath, cancellationToken)).Trim() : null;
        var access = await services.GetRequiredService<KeyValidator>().ValidateAsync(saved, Scopes, cancellationToken, bypassCache: true);
        if (access.Tenant is { } tenant)
        {
            return (tenant.Id, saved!);
        }

        var administration = services.GetRequiredService<TenantAdministration>();
        var tenantId = ApiKey.TryParse(saved, out var old) && await services.GetRequiredService<ITenantStore>().GetAsync(old.TenantId, cancellationToken) is not null
            ? old.TenantId
            : (await administration.CreateTenantAsync(Actor, "demo", Plan.Pro, null, cancellationToken)).Id;
        var issued = await administration.IssueKeyAsync(Actor, tenantId, "demo", Scopes, cancellationToken);
        SecretFile.Write(keyPath, issued.ApiKey);
        return (tenantId, issued.ApiKey);
    }
}
