using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Auth;

/// <summary>The outcome of validating a key: the tenant and key it grants, or the problem that refuses it.</summary>
public sealed record TenantAccess(Tenant? Tenant, ApiKeyRecord? Key, Problem? Problem)
{
    public static TenantAccess Granted(Tenant tenant, ApiKeyRecord key) => new(tenant, key, null);

    public static TenantAccess Refused(Problem problem) => new(null, null, problem);

    public static TenantAccess Refused(ProblemType type, string detail) =>
        new(null, null, new Problem(type, detail) { Challenge = type.Status == 401 ? "Bearer" : null });
}
