using Sluice.Admin;
using Sluice.Tenants;

namespace Sluice.Billing;

/// <summary>
/// Brings a linked tenant to what Stripe's API says now: reads the customer's subscriptions and applies the current
/// one as of this moment. The truth when events cannot be ordered, after a customer is linked, and for reconciliation.
/// </summary>
public sealed class SubscriptionSync(StripeApi stripe, BillingRules rules, TenantAdministration administration, TimeProvider clock)
{
    /// <param name="onlyDrift">Write only when the plan or billing state differs (reconciliation), not to refresh its time.</param>
    public async Task<TenantChange> SyncAsync(string tenantId, string customerId, string actor, bool onlyDrift, CancellationToken cancellationToken)
    {
        var subscription = SubscriptionSnapshot.Current(await stripe.ListSubscriptionsAsync(customerId, cancellationToken));
        var asOf = clock.GetUtcNow();
        return await administration.ChangeBillingAsync(actor, tenantId, onlyDrift ? "billing.reconciled" : "billing.synced", tenant =>
        {
            // The link is Stripe's fact too: a tenant whose link was written but whose record was not gets it here.
            var linked = tenant.Billing?.CustomerId == customerId ? tenant : tenant with { Billing = TenantBilling.Linked(customerId) };
            var updated = rules.ApplySubscription(linked, subscription, asOf);
            return onlyDrift && !BillingRules.Differ(tenant, updated) ? tenant : updated;
        }, cancellationToken);
    }
}
