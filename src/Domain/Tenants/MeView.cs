using Sluice.Keys;

namespace Sluice.Tenants;

/// <summary><c>GET /api/me</c>: the tenant as it sees itself (no other keys), and the key it called with.</summary>
public sealed record MeView(
    string Id,
    string Name,
    string Plan,
    string Status,
    int? RateLimitOverride,
    DateTimeOffset CreatedAt,
    TenantBilling? Billing,
    ApiKeyView Key)
{
    public static MeView Of(Tenant tenant, ApiKeyRecord key)
    {
        var view = TenantView.Of(tenant);
        return new MeView(view.Id, view.Name, view.Plan, view.Status, view.RateLimitOverride, view.CreatedAt, view.Billing, ApiKeyView.Of(key));
    }
}
