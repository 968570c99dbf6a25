using Sluice.Auth;
using Sluice.Keys;

namespace Sluice.Usage;

/// <summary>
/// <c>GET /api/usage</c>: the calling tenant's month so far (events accepted against its quota, events processed
/// into its log) and its plan's limits. Read scope.
/// </summary>
public sealed class UsageApi(KeyValidator validator, UsageReport report)
{
    public async Task<IResult> GetAsync(HttpRequest request)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        return access.Problem is { } refused
            ? refused.ToResult()
            : JsonResults.Ok(await report.ForAsync(access.Tenant!, request.HttpContext.RequestAborted));
    }
}
