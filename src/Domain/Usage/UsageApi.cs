using Microsoft.AspNetCore.Http;
using Sluice.Auth;
using Sluice.Http;
using Sluice.Keys;

namespace Sluice.Usage;

/// <summary><c>GET /api/usage</c>: this month's processed events for the calling tenant. Read scope.</summary>
public sealed class UsageApi(KeyValidator validator, UsageCounter usage, TimeProvider clock)
{
    public async Task<IResult> GetAsync(HttpRequest request)
    {
        var access = await validator.ValidateAsync(BearerToken.From(request), ApiKeyScope.Read, request.HttpContext.RequestAborted);
        if (access.Problem is { } refused)
        {
            return refused.ToResult();
        }

        var tenant = access.Tenant!;
        var month = UsageCounter.Month(clock.GetUtcNow());
        return JsonResults.Ok(new
        {
            tenantId = tenant.Id,
            month = $"{month[..4]}-{month[4..]}",
            processed = await usage.ProcessedAsync(tenant.Id, month, request.HttpContext.RequestAborted),
        });
    }
}
