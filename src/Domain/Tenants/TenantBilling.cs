namespace Sluice.Tenants;

/// <summary>
/// What Stripe says about a tenant: its customer, its current subscription, and since when it has not paid.
/// <see cref="AsOf"/> is the Stripe time (whole seconds) of the newest state applied, so an older event never
/// overwrites a newer one.
/// </summary>
public sealed record TenantBilling(
    string CustomerId,
    string? SubscriptionId,
    string? SubscriptionStatus,
    string? PriceId,
    DateTimeOffset? PastDueSince,
    DateTimeOffset? SuspendsAt,
    DateTimeOffset AsOf)
{
    public static TenantBilling Linked(string customerId) => new(customerId, null, null, null, null, null, DateTimeOffset.UnixEpoch);
}
