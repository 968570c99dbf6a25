using Sluice.Auth;
using Sluice.Keys;

namespace Sluice.Usage;

/// <summary>
/// <c>GET /api/usage</c>: the calling tenant's month so far (events accepted against its quota, events processed
/// into its log) and its plan's limits. Read scope. A report storage is slow to give, or fails to, is answered with
/// its last good answer (<see cref="LastGoodReads"/>).
/// </summary>
public sealed class UsageApi(KeyValidator validator, UsageReport report, LastGoodReads lastGood, TimeProvider clock)
{
    private const long ReportBytes = 512;

    public async Task<IResult> GetAsync(HttpRequest request)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        if (access.Problem is { } refused)
        {
            return refused.ToResult();
        }

        // The report shows the tenant's plan and retention too: the key names them, so a changed plan is never answered from before.
        var tenant = access.Tenant!;
        var answer = await lastGood.ReadAsync(
            request,
            LastGoodReads.Key("usage", tenant.Id, tenant.Plan, tenant.RateLimitOverride, tenant.RetentionDaysOverride, UsageCounter.Month(clock.GetUtcNow())),
            token => report.ForAsync(tenant, token),
            _ => ReportBytes);
        return JsonResults.Ok(answer, clock);
    }
}
