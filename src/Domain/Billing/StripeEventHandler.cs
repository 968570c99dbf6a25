using Sluice.Admin;
using Sluice.Tenants;
using Stripe;

namespace Sluice.Billing;

/// <summary>What handling one Stripe event came to, for its ledger entry.</summary>
public sealed record HandlingResult(string Status, string Detail, string? TenantId)
{
    public static HandlingResult Ignored(string detail, string? tenantId = null) => new(LedgerStatus.Ignored, detail, tenantId);

    public static HandlingResult Applied(string tenantId, TenantChange change, string how) =>
        new(LedgerStatus.Applied, change.Changed ? how : $"{how} (nothing to change)", tenantId);
}

/// <summary>
/// Applies one Stripe event to its tenant. Idempotent: applying an event again changes nothing. Safe against
/// out-of-order delivery: an event older than the tenant's billing state is ignored, and one too close to it to
/// order, or delivered late, is settled by reading the subscription from Stripe's API instead.
/// </summary>
public sealed class StripeEventHandler(
    CustomerLinks links, TenantAdministration administration, BillingRules rules, SubscriptionSync sync, TimeProvider clock)
{
    /// <summary>Event types Sluice acts on; reconciliation lists only these.</summary>
    public static readonly string[] HandledTypes =
    [
        EventTypes.CheckoutSessionCompleted,
        EventTypes.CustomerSubscriptionCreated,
        EventTypes.CustomerSubscriptionUpdated,
        EventTypes.CustomerSubscriptionDeleted,
        EventTypes.InvoicePaymentFailed,
    ];

    /// <summary>An event this much older than its delivery may have been overtaken by one Sluice never saw.</summary>
    private static readonly TimeSpan LateDelivery = TimeSpan.FromMinutes(10);

    public async Task<HandlingResult> HandleAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var actor = $"stripe:{stripeEvent.Id}";
        var created = StripeEventSummary.Of(stripeEvent).Created;
        return stripeEvent.Data?.Object switch
        {
            Stripe.Checkout.Session session when stripeEvent.Type == EventTypes.CheckoutSessionCompleted =>
                await LinkCustomerAsync(session, actor, cancellationToken),
            Subscription subscription when stripeEvent.Type.StartsWith("customer.subscription.", StringComparison.Ordinal) && HandledTypes.Contains(stripeEvent.Type) =>
                await ApplySubscriptionAsync(SubscriptionSnapshot.Of(subscription), created, actor, cancellationToken),
            Invoice invoice when stripeEvent.Type == EventTypes.InvoicePaymentFailed =>
                await ApplyPaymentFailedAsync(invoice, created, actor, cancellationToken),
            _ when HandledTypes.Contains(stripeEvent.Type) =>
                HandlingResult.Ignored($"The {stripeEvent.Type} event carries no {ExpectedObject(stripeEvent.Type)} object."),
            _ => HandlingResult.Ignored($"Sluice does not act on {stripeEvent.Type} events."),
        };
    }

    private async Task<HandlingResult> LinkCustomerAsync(Stripe.Checkout.Session session, string actor, CancellationToken cancellationToken)
    {
        if (!TenantIds.IsValid(session.ClientReferenceId))
        {
            return HandlingResult.Ignored($"Checkout session {session.Id} has no client_reference_id naming a tenant.");
        }

        var tenantId = session.ClientReferenceId;
        if (string.IsNullOrEmpty(session.CustomerId))
        {
            return HandlingResult.Ignored($"Checkout session {session.Id} has no customer.", tenantId);
        }

        Tenant tenant;
        try
        {
            tenant = await administration.GetTenantAsync(tenantId, cancellationToken);
        }
        catch (ProblemException e) when (e.Problem.Type == ProblemTypes.TenantNotFound)
        {
            return HandlingResult.Ignored($"Checkout session {session.Id} names tenant {tenantId}, which does not exist.");
        }

        await links.LinkAsync(session.CustomerId, tenantId, cancellationToken);
        if (tenant.Billing?.CustomerId is { } previous && previous != session.CustomerId)
        {
            // A new checkout replaced the tenant's customer: the old one no longer speaks for it.
            await links.UnlinkAsync(previous, cancellationToken);
        }

        await administration.ChangeBillingAsync(actor, tenantId, "billing.customer-linked", t =>
            t.Billing?.CustomerId == session.CustomerId ? t : t with { Billing = TenantBilling.Linked(session.CustomerId) }, cancellationToken);
        var change = await sync.SyncAsync(tenantId, session.CustomerId, actor, onlyDrift: false, cancellationToken);
        return HandlingResult.Applied(tenantId, change, $"Linked customer {session.CustomerId}; plan read from Stripe: {WireEnum.Name(change.After.Plan)}.");
    }

    private async Task<HandlingResult> ApplySubscriptionAsync(SubscriptionSnapshot subscription, DateTimeOffset created, string actor, CancellationToken cancellationToken)
    {
        if (await LinkedTenantAsync(subscription.CustomerId, cancellationToken) is not { } tenant)
        {
            return NotLinked(subscription.CustomerId);
        }

        if (tenant.Billing?.SubscriptionId is { } current && current != subscription.Id && subscription.IsEnded)
        {
            return HandlingResult.Ignored($"Subscription {subscription.Id} ended, but the tenant's current subscription is {current}.", tenant.Id);
        }

        return await OrderedAsync(tenant, subscription.CustomerId, created, actor, t => rules.ApplySubscription(t, subscription, created),
            $"Subscription {subscription.Id} is {subscription.Status}.", cancellationToken);
    }

    private async Task<HandlingResult> ApplyPaymentFailedAsync(Invoice invoice, DateTimeOffset created, string actor, CancellationToken cancellationToken)
    {
        if (await LinkedTenantAsync(invoice.CustomerId, cancellationToken) is not { } tenant)
        {
            return NotLinked(invoice.CustomerId);
        }

        if (tenant.Billing is { SubscriptionStatus: var status } && !SubscriptionSnapshot.Live.Contains(status))
        {
            return HandlingResult.Ignored($"Invoice {invoice.Id} failed, but the tenant has no live subscription to suspend.", tenant.Id);
        }

        return await OrderedAsync(tenant, invoice.CustomerId, created, actor, t => rules.ApplyPaymentFailed(t, created),
            $"Payment of invoice {invoice.Id} failed.", cancellationToken);
    }

    /// <summary>
    /// Applies a newer event's state; ignores an older one; asks Stripe when the order is uncertain (or when the
    /// tenant's own record of the link was never written).
    /// </summary>
    private async Task<HandlingResult> OrderedAsync(
        Tenant tenant, string customerId, DateTimeOffset created, string actor, Func<Tenant, Tenant> apply, string what, CancellationToken cancellationToken)
    {
        var ordering = tenant.Billing is { } billing ? rules.Order(billing, created) : Ordering.Close;
        if (ordering == Ordering.Older)
        {
            return HandlingResult.Ignored($"{what} The event ({created:O}) is older than the tenant's billing state ({tenant.Billing!.AsOf:O}).", tenant.Id);
        }

        if (ordering == Ordering.Close || created < clock.GetUtcNow() - LateDelivery)
        {
            var synced = await sync.SyncAsync(tenant.Id, customerId, actor, onlyDrift: false, cancellationToken);
            return HandlingResult.Applied(tenant.Id, synced, $"{what} Its order against the tenant's state was uncertain, so the subscription was read from Stripe.");
        }

        var change = await administration.ChangeBillingAsync(actor, tenant.Id, "billing.updated", t =>
            t.Billing is { } now && rules.Order(now, created) == Ordering.Newer ? apply(t) : t, cancellationToken);
        return HandlingResult.Applied(tenant.Id, change, what);
    }

    private async Task<Tenant?> LinkedTenantAsync(string? customerId, CancellationToken cancellationToken)
    {
        if (customerId is null || await links.FindTenantAsync(customerId, cancellationToken) is not { } tenantId)
        {
            return null;
        }

        try
        {
            return await administration.GetTenantAsync(tenantId, cancellationToken);
        }
        catch (ProblemException e) when (e.Problem.Type == ProblemTypes.TenantNotFound)
        {
            return null;
        }
    }

    private static HandlingResult NotLinked(string? customerId) =>
        HandlingResult.Ignored($"Customer {customerId ?? "(none)"} is not linked to a tenant (no completed checkout names one).");

    private static string ExpectedObject(string type) =>
        type == EventTypes.CheckoutSessionCompleted ? "checkout session" : type == EventTypes.InvoicePaymentFailed ? "invoice" : "subscription";
}
