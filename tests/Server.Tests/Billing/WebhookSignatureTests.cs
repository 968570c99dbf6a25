namespace Sluice.Server.Tests.Billing;

/// <summary>
/// <c>POST /api/webhooks/stripe</c> against signatures computed by Stripe's documented scheme: only a delivery signed
/// by a configured secret, within the tolerance, over the exact body, is recorded; everything else is a 400 that
/// stores nothing.
/// </summary>
public class WebhookSignatureTests(BillingFixture billing) : BillingTests(billing)
{
    [Fact]
    public async Task A_valid_delivery_is_recorded_queued_and_answered_200()
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret);

        var answer = await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        Assert.Equal(BillingCalls.EventId(body), answer.GetProperty("received").GetString());
        Assert.False(answer.GetProperty("duplicate").GetBoolean());
        var entry = await Host.SettledAsync(BillingCalls.EventId(body));
        Assert.Equal("webhook", entry.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_delivery_signed_with_the_secret_being_rotated_out_is_accepted_too()
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, BillingCalls.OldSecret);

        await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        Assert.NotNull(await Host.LedgerEntryAsync(BillingCalls.EventId(body)));
    }

    [Fact]
    public async Task A_delivery_signed_with_another_secret_is_refused_and_stores_nothing()
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, "whsec_someone_else_entirely");

        await ProblemAssert.IsAsync(ProblemTypes.InvalidSignature, response);
        Assert.Null(await Host.LedgerEntryAsync(BillingCalls.EventId(body)));
    }

    [Fact]
    public async Task A_stale_signature_is_refused_as_stale_and_stores_nothing()
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret, signedAt: DateTimeOffset.UtcNow.AddSeconds(-301));

        await ProblemAssert.IsAsync(ProblemTypes.StaleSignature, response);
        Assert.Null(await Host.LedgerEntryAsync(BillingCalls.EventId(body)));
    }

    [Fact]
    public async Task A_signature_from_the_future_beyond_the_tolerance_is_stale_too()
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret, signedAt: DateTimeOffset.UtcNow.AddSeconds(400));

        await ProblemAssert.IsAsync(ProblemTypes.StaleSignature, response);
    }

    [Fact]
    public async Task A_tampered_body_is_refused_and_stores_nothing()
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        var signature = StripeWebhooks.Sign(body, BillingCalls.Secret, DateTimeOffset.UtcNow);
        var tampered = body.Replace("charge.succeeded", "charge.refunded", StringComparison.Ordinal);
        using var response = await Host.PostWebhookAsync(tampered, signature);

        await ProblemAssert.IsAsync(ProblemTypes.InvalidSignature, response);
        Assert.Null(await Host.LedgerEntryAsync(BillingCalls.EventId(body)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("t=notanumber,v1=00")]
    [InlineData("t=99999999999999999999,v1=00")]
    [InlineData("v1=abc")]
    [InlineData("t=1,v1=")]
    [InlineData("t=,v1=,v0=,=,,")]
    public async Task Missing_or_garbled_signature_headers_are_400s_never_500s(string? header)
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        using var response = await Host.PostWebhookAsync(body, header);

        await ProblemAssert.IsAsync(ProblemTypes.InvalidSignature, response);
        Assert.Null(await Host.LedgerEntryAsync(BillingCalls.EventId(body)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("not json at all")]
    [InlineData("""{"object":"event","id":"evt_1","type":"x"}""")]
    [InlineData("""{"object":"event","id":"evt_../../x","type":"x","created":1}""")]
    [InlineData("""{"object":"charge","id":"evt_1","type":"x","created":1}""")]
    [InlineData("""{"object":"event","id":7,"type":"x","created":1}""")]
    public async Task A_signed_body_that_is_not_a_Stripe_event_is_refused(string body)
    {
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret);

        await ProblemAssert.IsAsync(ProblemTypes.MalformedStripeEvent, response);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var body = "{\"object\":\"event\",\"pad\":\"" + new string('x', 300 * 1024) + "\"}";
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret);

        await ProblemAssert.IsAsync(ProblemTypes.PayloadTooLarge, response);
    }

    [Fact]
    public async Task A_header_with_more_signatures_than_Stripe_sends_is_refused_before_any_is_checked()
    {
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        var valid = StripeWebhooks.Sign(body, BillingCalls.Secret, DateTimeOffset.UtcNow);
        var decoys = string.Concat(Enumerable.Range(0, 4).Select(i => $",v1={new string((char)('a' + i), 64)}"));
        using var response = await Host.PostWebhookAsync(body, valid + decoys);

        var problem = await ProblemAssert.IsAsync(ProblemTypes.InvalidSignature, response);
        Assert.Contains("5 v1 signatures", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await Host.LedgerEntryAsync(BillingCalls.EventId(body)));
    }

    [Fact]
    public async Task A_stale_timestamp_with_a_wrong_signature_is_invalid_not_stale()
    {
        // Only a sender holding a secret learns that its timestamp was the problem.
        var body = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, "whsec_someone_else_entirely", signedAt: DateTimeOffset.UtcNow.AddHours(-1));

        await ProblemAssert.IsAsync(ProblemTypes.InvalidSignature, response);
    }

    [Fact]
    public async Task A_duplicate_delivery_answers_200_and_changes_nothing()
    {
        var (tenantId, customerId, subscriptionId) = await CheckedOutTenantAsync(BillingCalls.ProPrice, DateTimeOffset.UtcNow);
        var upgrade = Stripe.SetSubscription(customerId, subscriptionId, "active", BillingCalls.TeamPrice, DateTimeOffset.UtcNow.AddMinutes(1))!;
        using (var first = await Host.DeliverAsync(upgrade, BillingCalls.Secret))
        {
            Assert.False((await AdminCalls.ExpectAsync(HttpStatusCode.OK, first)).GetProperty("duplicate").GetBoolean());
        }

        var settled = await Host.SettledAsync(BillingCalls.EventId(upgrade));
        var tenant = await Host.GetTenantAsync(tenantId);
        var audits = await Host.AuditCountAsync(tenantId);

        for (var i = 0; i < 3; i++)
        {
            using var again = await Host.DeliverAsync(upgrade, BillingCalls.Secret);
            Assert.True((await AdminCalls.ExpectAsync(HttpStatusCode.OK, again)).GetProperty("duplicate").GetBoolean());
        }

        await Task.Delay(500, Ct); // time for any (wrongly) queued redelivery to be handled
        Assert.Equal("team", tenant.GetProperty("plan").GetString());
        Assert.Equal(tenant.GetRawText(), (await Host.GetTenantAsync(tenantId)).GetRawText());
        Assert.Equal(audits, await Host.AuditCountAsync(tenantId));
        Assert.Equal(settled.GetRawText(), (await Host.LedgerEntryAsync(BillingCalls.EventId(upgrade)))!.Value.GetRawText());
    }

    [Fact]
    public async Task An_unknown_event_type_is_recorded_and_ignored_not_failed()
    {
        var body = Stripe.Other("payout.reconciliation_completed", DateTimeOffset.UtcNow);
        using var response = await Host.DeliverAsync(body, BillingCalls.Secret);
        await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);

        var entry = await Host.SettledAsync(BillingCalls.EventId(body));
        Assert.Equal("ignored", entry.GetProperty("status").GetString());
        Assert.Equal("payout.reconciliation_completed", entry.GetProperty("type").GetString());
        Assert.Contains("does not act on", entry.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_ledger_lists_newest_first_and_filters_by_status()
    {
        var older = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow.AddMinutes(-3));
        var newer = Stripe.Other("charge.succeeded", DateTimeOffset.UtcNow.AddMinutes(-2));
        foreach (var body in new[] { newer, older })
        {
            using var response = await Host.DeliverAsync(body, BillingCalls.Secret);
            await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
            await Host.SettledAsync(BillingCalls.EventId(body));
        }

        using var list = await Host.Admin.GetAsync("/api/admin/billing/events?status=ignored&limit=200", Ct);
        var ids = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, list)).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("eventId").GetString()).ToList();
        Assert.True(ids.IndexOf(BillingCalls.EventId(newer)) < ids.IndexOf(BillingCalls.EventId(older)));
        Assert.True(ids.IndexOf(BillingCalls.EventId(older)) >= 0);

        using var bad = await Host.Admin.GetAsync("/api/admin/billing/events?status=lost", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedRequest, bad);
        using var unknown = await Host.Admin.GetAsync("/api/admin/billing/events/evt_never_seen", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.StripeEventNotFound, unknown);
        using var unsigned = await Host.Client.GetAsync("/api/admin/billing/events", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MissingAdminToken, unsigned);
    }
}

/// <summary>A deployment without Stripe secrets refuses webhooks with a 503 that makes Stripe retry, rather than dropping them.</summary>
public class WebhookWithoutBillingTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task Webhooks_are_refused_with_503_and_reconciliation_cannot_start()
    {
        using var webhook = await Host.DeliverAsync("""{"object":"event"}""", BillingCalls.Secret);
        await ProblemAssert.IsAsync(ProblemTypes.BillingDisabled, webhook);

        using var reconcile = await Host.Admin.PostAsync("/api/admin/billing/reconciliations", null, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.BillingDisabled, reconcile);
    }
}
