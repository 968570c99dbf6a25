using Sluice.Keys;

namespace Sluice.Tenants;

/// <summary>The public shape of a tenant, used by the admin API, <c>/api/me</c> and the audit trail.</summary>
public sealed record TenantView(
    string Id,
    string Name,
    string Plan,
    string Status,
    int? RateLimitOverride,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ApiKeyView> Keys,
    TenantBilling? Billing)
{
    public int? RetentionDaysOverride { get; init; }

    public static TenantView Of(Tenant tenant) => new(
        tenant.Id,
        tenant.Name,
        WireEnum.Name(tenant.Plan),
        WireEnum.Name(tenant.Status),
        tenant.RateLimitOverride,
        tenant.CreatedAt,
        tenant.UpdatedAt,
        tenant.Keys.Select(ApiKeyView.Of).ToArray(),
        tenant.Billing)
    {
        RetentionDaysOverride = tenant.RetentionDaysOverride,
    };
}
