using Sluice.Tenants;

namespace Sluice.Admin;

/// <summary>A partial update of a tenant: null leaves a field as it is; <see cref="ClearRateLimitOverride"/> removes the override.</summary>
public sealed record TenantChanges(string? Name, Plan? Plan, TenantStatus? Status, int? RateLimitOverride, bool ClearRateLimitOverride)
{
    public Tenant ApplyTo(Tenant tenant) => tenant with
    {
        Name = Name ?? tenant.Name,
        Plan = Plan ?? tenant.Plan,
        Status = Status ?? tenant.Status,
        RateLimitOverride = ClearRateLimitOverride ? null : RateLimitOverride ?? tenant.RateLimitOverride,
    };
}
