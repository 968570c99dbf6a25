using Sluice.Keys;
using Sluice.Limits;
using Sluice.Tenants;

namespace Sluice.Usage;

/// <summary>A tenant's month so far and its plan's limits, as <c>GET /api/usage</c> and the MCP usage tool show them.</summary>
public sealed class UsageReport(UsageCounter usage, BudgetLedger budgets, IOptions<PlansOptions> plans, TimeProvider clock)
{
    public async Task<UsageView> ForAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var month = UsageCounter.Month(clock.GetUtcNow());
        var limits = plans.Value.For(tenant);
        var accepted = budgets.AcceptedThisMonthAsync(tenant.Id, cancellationToken);
        var processed = usage.ProcessedAsync(tenant.Id, month, cancellationToken);
        return new UsageView(
            tenant.Id,
            WireEnum.Name(tenant.Plan),
            $"{month[..4]}-{month[4..]}",
            await accepted,
            await processed,
            limits.EventsPerMonth,
            limits.EventsPerMinute,
            limits.RetentionDays);
    }
}

/// <summary>Accepted counts against the quota; processed is what reached the log; the log keeps an event <c>RetentionDays</c>.</summary>
public sealed record UsageView(string TenantId, string Plan, string Month, long Accepted, long Processed, long MonthlyQuota, int EventsPerMinute, int RetentionDays);
