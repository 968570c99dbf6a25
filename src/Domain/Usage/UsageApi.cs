using Sluice.Auth;
using Sluice.Keys;
using Sluice.Limits;

namespace Sluice.Usage;

/// <summary>
/// <c>GET /api/usage</c>: the calling tenant's month so far (events accepted against its quota, events processed
/// into its log) and its plan's limits. Read scope.
/// </summary>
public sealed class UsageApi(KeyValidator validator, UsageCounter usage, BudgetLedger budgets, IOptions<PlansOptions> plans, TimeProvider clock)
{
    public async Task<IResult> GetAsync(HttpRequest request)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        if (access.Problem is { } refused)
        {
            return refused.ToResult();
        }

        var tenant = access.Tenant!;
        var month = UsageCounter.Month(clock.GetUtcNow());
        var limits = plans.Value.For(tenant);
        var accepted = budgets.AcceptedThisMonthAsync(tenant.Id, request.HttpContext.RequestAborted);
        var processed = usage.ProcessedAsync(tenant.Id, month, request.HttpContext.RequestAborted);
        return JsonResults.Ok(new
        {
            tenantId = tenant.Id,
            plan = WireEnum.Name(tenant.Plan),
            month = $"{month[..4]}-{month[4..]}",
            accepted = await accepted,
            processed = await processed,
            monthlyQuota = limits.EventsPerMonth,
            eventsPerMinute = limits.EventsPerMinute,
        });
    }
}
