using Sluice.Auth;
using Sluice.Keys;

namespace Sluice.Tenants;

/// <summary><c>GET /api/me</c>: a tenant's own view of itself and of the key it called with. Needs the read scope.</summary>
public sealed class MeApi(KeyValidator validator)
{
    public async Task<IResult> GetAsync(HttpRequest request)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        if (access.Problem is { } problem)
        {
            return problem.ToResult();
        }

        var tenant = TenantView.Of(access.Tenant!);
        return JsonResults.Ok(new
        {
            tenant.Id,
            tenant.Name,
            tenant.Plan,
            tenant.Status,
            tenant.RateLimitOverride,
            tenant.CreatedAt,
            tenant.Billing,
            Key = ApiKeyView.Of(access.Key!),
        });
    }
}
