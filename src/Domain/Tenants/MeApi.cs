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

        return JsonResults.Ok(MeView.Of(access.Tenant!, access.Key!));
    }
}
