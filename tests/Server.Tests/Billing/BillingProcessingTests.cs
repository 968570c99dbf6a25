namespace Sluice.Server.Tests.Billing;

/// <summary>What each Stripe event does to its tenant, in order and out of it, once and again.</summary>
public class BillingProcessingTests(BillingFixture billing) : BillingTests(billing)
{
    [Fact]
    public async Task A_completed_checkout_links_the_customer_and_takes_the_plan_from_Stripe()
    {
        var (tenantId, customerId, subscriptionId) = await CheckedOutTenantAsync(BillingCalls.ProPrice, DateTimeOffset.UtcNow);

        var tenant = await Host.GetTenantAsync(tenantId);
        Assert.Equal("pro", tenant.GetProperty("plan").GetString());
        var stripe = tenant.GetProperty("billing");
        Assert.Equal(customerId, stripe.GetProperty("customerId").GetString());
        Assert.Equal(subscriptionId, stripe.GetProperty("subscriptionId").GetString());
        Assert.Equal("active", stripe.GetProperty("subscriptionStatus").GetString());

        using var audit = await Host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/audit", Ct);
        var actions = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, audit)).GetProperty("items").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actor").GetString())).ToList();
        Assert.Contains(actions, a => a.Action == "billing.customer-linked" && a.Actor!.StartsWith("stripe:evt_", StringComparison.Ordinal));
        Assert.Contains(actions, a => a.Action == "billing.synced");
    }

    [Fact]
    public async Task Out_of_order_subscription_updates_never_let_an_older_state_overwrite_a_newer_one()
    {
        var start = DateTimeOffset.UtcNow;
        var (tenantId, customerId, subscriptionId) = await CheckedOutTenantAsync(BillingCalls.ProPrice, start);
        var toTeam = Stripe.SetSubscription(customerId, subscriptionId, "active", BillingCalls.TeamPrice, start.AddMinutes(1))!;
        var pastDue = Stripe.SetSubscription(customerId, subscriptionId, "past_due", BillingCalls.TeamPrice, start.AddMinutes(2))!;
        var backToPro = Stripe.SetSubscription(customerId, subscriptionId, "active", BillingCalls.ProPrice, start.AddMinutes(3))!;

        // Delivered newest first: the two older ones arrive after the newest and must change nothing.
        foreach (var body in new[] { backToPro, toTeam, pastDue })
        {
            using var response = await Host.DeliverAsync(body, BillingCalls.Secret);
            await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
            await Host.SettledAsync(BillingCalls.EventId(body));
        }

        var tenant = await Host.GetTenantAsync(tenantId);
        Assert.Equal("pro", tenant.GetProperty("plan").GetString());
        Assert.Equal("active", tenant.GetProperty("billing").GetProperty("subscriptionStatus").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, tenant.GetProperty("billing").GetProperty("pastDueSince").ValueKind);
        foreach (var older in new[] { toTeam, pastDue })
        {
            var entry = await Host.SettledAsync(BillingCalls.EventId(older));
            Assert.Equal("ignored", entry.GetProperty("status").GetString());
            Assert.Contains("older than the tenant's billing state", entry.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Events_too_close_to_order_are_settled_by_reading_the_subscription_from_Stripe()
    {
        var at = DateTimeOffset.UtcNow;
        var (tenantId, customerId, subscriptionId) = await CheckedOutTenantAsync(BillingCalls.ProPrice, at);
        // Two updates in the same second, delivered in the wrong order: Stripe's own state decides.
        var first = Stripe.SetSubscription(customerId, subscriptionId, "past_due", BillingCalls.ProPrice, at.AddMinutes(1))!;
        var second = Stripe.SetSubscription(customerId, subscriptionId, "active", BillingCalls.TeamPrice, at.AddMinutes(1))!;
        foreach (var body in new[] { second, first })
        {
            using var response = await Host.DeliverAsync(body, BillingCalls.Secret);
            await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
            await Host.SettledAsync(BillingCalls.EventId(body));
        }

        var tenant = await Host.GetTenantAsync(tenantId);
        Assert.Equal("team", tenant.GetProperty("plan").GetString());
        Assert.Equal("active", tenant.GetProperty("billing").GetProperty("subscriptionStatus").GetString());
        Assert.Contains("read from Stripe", (await Host.SettledAsync(BillingCalls.EventId(first))).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_deleted_subscription_falls_back_to_the_free_plan()
    {
        var at = DateTimeOffset.UtcNow;
        var (tenantId, customerId, subscriptionId) = await CheckedOutTenantAsync(BillingCalls.TeamPrice, at);
        var deleted = Stripe.SetSubscription(customerId, subscriptionId, "canceled", BillingCalls.TeamPrice, at.AddMinutes(1), StripeStub.EventKind.Deleted)!;
        using var response = await Host.DeliverAsync(deleted, BillingCalls.Secret);
        await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);

        Assert.Equal("applied", (await Host.SettledAsync(BillingCalls.EventId(deleted))).GetProperty("status").GetString());
        var tenant = await Host.GetTenantAsync(tenantId);
        Assert.Equal("free", tenant.GetProperty("plan").GetString());
        Assert.Equal("canceled", tenant.GetProperty("billing").GetProperty("subscriptionStatus").GetString());
    }

    [Fact]
    public async Task A_failed_payment_marks_the_tenant_past_due_with_a_grace_period_and_payment_clears_it()
    {
        var at = DateTimeOffset.UtcNow;
        var (tenantId, customerId, subscriptionId) = await CheckedOutTenantAsync(BillingCalls.ProPrice, at);
        var failed = Stripe.InvoicePaymentFailed(customerId, at.AddMinutes(1));
        using (var response = await Host.DeliverAsync(failed, BillingCalls.Secret))
        {
            await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        }

        await Host.SettledAsync(BillingCalls.EventId(failed));
        var billing = (await Host.GetTenantAsync(tenantId)).GetProperty("billing");
        var since = billing.GetProperty("pastDueSince").GetDateTimeOffset();
        Assert.Equal(at.AddMinutes(1).ToUnixTimeSeconds(), since.ToUnixTimeSeconds());
        Assert.Equal(since.AddDays(7), billing.GetProperty("suspendsAt").GetDateTimeOffset());
        Assert.Equal("pro", (await Host.GetTenantAsync(tenantId)).GetProperty("plan").GetString());

        var paid = Stripe.SetSubscription(customerId, subscriptionId, "active", BillingCalls.ProPrice, at.AddMinutes(2))!;
        using (var response = await Host.DeliverAsync(paid, BillingCalls.Secret))
        {
            await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        }

        await Host.SettledAsync(BillingCalls.EventId(paid));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await Host.GetTenantAsync(tenantId)).GetProperty("billing").GetProperty("suspendsAt").ValueKind);
    }

    [Fact]
    public async Task Events_for_customers_no_checkout_linked_are_ignored_with_the_reason()
    {
        var stranger = NewCustomerId();
        var body = Stripe.SetSubscription(stranger, "sub_" + stranger[4..], "active", BillingCalls.ProPrice, DateTimeOffset.UtcNow)!;
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret);
        await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);

        var entry = await Host.SettledAsync(BillingCalls.EventId(body));
        Assert.Equal("ignored", entry.GetProperty("status").GetString());
        Assert.Contains("not linked", entry.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_price_with_no_plan_fails_the_event_with_the_reason_and_a_replay_tries_again()
    {
        var at = DateTimeOffset.UtcNow;
        var (tenantId, customerId, subscriptionId) = await CheckedOutTenantAsync(BillingCalls.ProPrice, at);
        var unmapped = Stripe.SetSubscription(customerId, subscriptionId, "active", "price_nobody_mapped", at.AddMinutes(1))!;
        using (var response = await Host.DeliverAsync(unmapped, BillingCalls.Secret))
        {
            await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        }

        var entry = await Host.SettledAsync(BillingCalls.EventId(unmapped));
        Assert.Equal("failed", entry.GetProperty("status").GetString());
        Assert.Contains("price_nobody_mapped", entry.GetProperty("detail").GetString());
        Assert.Equal("pro", (await Host.GetTenantAsync(tenantId)).GetProperty("plan").GetString());

        using var replay = await Host.Admin.PostAsync($"/api/admin/billing/events/{BillingCalls.EventId(unmapped)}/replay", null, Ct);
        var replayed = await AdminCalls.ExpectAsync(HttpStatusCode.OK, replay);
        Assert.Equal("failed", replayed.GetProperty("status").GetString());
        Assert.Equal(entry.GetProperty("attempts").GetInt32() + 1, replayed.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_checkout_naming_no_tenant_is_ignored()
    {
        var (_, body) = Stripe.CompleteCheckout("t0000000000000", NewCustomerId(), "sub_orphan" + Guid.NewGuid().ToString("N")[..8], BillingCalls.ProPrice, DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret);
        await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);

        var entry = await Host.SettledAsync(BillingCalls.EventId(body));
        Assert.Equal("ignored", entry.GetProperty("status").GetString());
        Assert.Contains("does not exist", entry.GetProperty("detail").GetString());
    }
}
