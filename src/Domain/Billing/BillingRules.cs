using Sluice.Tenants;

namespace Sluice.Billing;

/// <summary>How Stripe's view of a customer becomes a tenant's plan and billing state. Pure: no I/O, no clock.</summary>
public sealed class BillingRules(IOptions<StripeOptions> options)
{
    private readonly StripeOptions _options = options.Value;

    /// <summary>Where an event's Stripe time stands against the state a tenant already has.</summary>
    public Ordering Order(TenantBilling billing, DateTimeOffset eventCreated) =>
        eventCreated < billing.AsOf - _options.OrderingWindow ? Ordering.Older
        : eventCreated > billing.AsOf + _options.OrderingWindow ? Ordering.Newer
        : Ordering.Close;

    /// <summary>
    /// The tenant as <paramref name="subscription"/> (null: the customer has none) says it should be as of
    /// <paramref name="asOf"/>. Active and trialing grant the mapped plan; past due and unpaid keep it until the grace
    /// period ends; ended subscriptions fall back to the free plan; incomplete ones change nothing until paid.
    /// </summary>
    public Tenant ApplySubscription(Tenant tenant, SubscriptionSnapshot? subscription, DateTimeOffset asOf)
    {
        var billing = tenant.Billing ?? throw new InvalidOperationException($"Tenant {tenant.Id} has no Stripe customer.");
        var (plan, pastDueSince) = subscription?.Status switch
        {
            null => (Plan.Free, null),
            "active" or "trialing" => (PlanFor(subscription), null),
            "past_due" or "unpaid" => (PlanFor(subscription), billing.PastDueSince ?? Seconds(asOf)),
            _ when subscription.IsEnded => (Plan.Free, null),
            _ => (tenant.Plan, billing.PastDueSince),
        };

        return tenant with
        {
            Plan = plan,
            Billing = WithPastDue(billing, pastDueSince) with
            {
                SubscriptionId = subscription?.Id,
                SubscriptionStatus = subscription?.Status,
                PriceId = subscription?.PriceIds.FirstOrDefault(_options.Prices.ContainsKey) ?? subscription?.PriceIds.FirstOrDefault(),
                AsOf = Seconds(asOf),
            },
        };
    }

    /// <summary>A failed payment starts the grace period (once); it means nothing for a tenant with no live subscription.</summary>
    public Tenant ApplyPaymentFailed(Tenant tenant, DateTimeOffset asOf)
    {
        var billing = tenant.Billing ?? throw new InvalidOperationException($"Tenant {tenant.Id} has no Stripe customer.");
        return tenant with { Billing = WithPastDue(billing, billing.PastDueSince ?? Seconds(asOf)) with { AsOf = Seconds(asOf) } };
    }

    /// <summary>True when the two differ in anything but the time they are as of.</summary>
    public static bool Differ(Tenant a, Tenant b) =>
        a.Plan != b.Plan || (a.Billing is null) != (b.Billing is null) || (a.Billing is not null && a.Billing with { AsOf = default } != b.Billing! with { AsOf = default });

    private TenantBilling WithPastDue(TenantBilling billing, DateTimeOffset? since) =>
        billing with { PastDueSince = since, SuspendsAt = since + _options.PastDueGrace };

    /// <summary>The best plan any of the subscription's prices maps to; a subscription to unmapped prices cannot be applied.</summary>
    private Plan PlanFor(SubscriptionSnapshot subscription)
    {
        var plans = subscription.PriceIds.Where(_options.Prices.ContainsKey).Select(p => _options.Prices[p]).ToArray();
        return plans.Length > 0
            ? plans.Max()
            : throw new BillingRejected($"Subscription {subscription.Id} has no price that Sluice:Stripe:Prices maps to a plan ({string.Join(", ", subscription.PriceIds)}).");
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}

public enum Ordering
{
    Older,
    Close,
    Newer,
}
