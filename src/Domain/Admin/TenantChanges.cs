using Sluice.Tenants;

namespace Sluice.Admin;

/// <summary>A partial update of a tenant: null leaves a field as it is; a <c>Clear…</c> flag removes that override.</summary>
public sealed record TenantChanges(string? Name, Plan? Plan, TenantStatus? Status, int? RateLimitOverride, bool ClearRateLimitOverride)
{
    public int? RetentionDaysOverride { get; init; }

    public bool ClearRetentionDaysOverride { get; init; }

    public Tenant ApplyTo(Tenant tenant) => tenant with
    {
        Name = Name ?? tenant.Name,
        Plan = Plan ?? tenant.Plan,
        Status = Status ?? tenant.Status,
        RateLimitOverride = ClearRateLimitOverride ? null : RateLimitOverride ?? tenant.RateLimitOverride,
        RetentionDaysOverride = ClearRetentionDaysOverride ? null : RetentionDaysOverride ?? tenant.RetentionDaysOverride,
    };
}
