using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Storage;

using Sluice.Server.Jobs;

namespace Sluice.Server.Tests.Billing;

/// <summary>
/// Reconciliation against the Stripe stub: it alone repairs every tenant when webhooks never arrive, changes nothing
/// when run again, corrects drift no event tells of, and rides out Stripe's 429s and 5xx.
/// </summary>
public class ReconciliationTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task With_every_webhook_dropped_reconciliation_alone_brings_each_tenant_to_Stripe_state_and_a_second_run_changes_nothing()
    {
        await using var stripe = await StripeStub.StartAsync();
        await using var host = await StartHostAsync(BillingCalls.Settings(stripe));
        var now = DateTimeOffset.UtcNow;
        var pro = await NewTenantAsync(host);
        var pastDue = await NewTenantAsync(host);
        var cancelled = await NewTenantAsync(host);
        var upgraded = await NewTenantAsync(host);

        stripe.CompleteCheckout(pro, "cus_recpro", "sub_recpro", BillingCalls.ProPrice, now);
        stripe.CompleteCheckout(pastDue, "cus_recpastdue", "sub_recpastdue", BillingCalls.TeamPrice, now);
        stripe.SetSubscription("cus_recpastdue", "sub_recpastdue", "past_due", BillingCalls.TeamPrice, now.AddMinutes(1));
        stripe.InvoicePaymentFailed("cus_recpastdue", now.AddMinutes(1));
        stripe.CompleteCheckout(cancelled, "cus_reccancel", "sub_reccancel", BillingCalls.TeamPrice, now);
        stripe.SetSubscription("cus_reccancel", "sub_reccancel", "canceled", BillingCalls.TeamPrice, now.AddMinutes(2), StripeStub.EventKind.Deleted);
        stripe.CompleteCheckout(upgraded, "cus_recup", "sub_recup", BillingCalls.ProPrice, now);
        stripe.SetSubscription("cus_recup", "sub_recup", "active", BillingCalls.TeamPrice, now.AddMinutes(3));
        stripe.Other("charge.succeeded", now);

        var first = await host.ReconcileAsync();

        // Every handled event (four checkouts with their subscriptions, four changes); the charge is not listed.
        Assert.Equal(12, first.GetProperty("eventsListed").GetInt32());
        Assert.Equal(12, first.GetProperty("eventsReplayed").GetInt32());
        Assert.Equal(0, first.GetProperty("errorCount").GetInt32());
        Assert.Equal(4, first.GetProperty("tenantsChecked").GetInt32());
        Assert.Equal("clean", first.GetProperty("outcome").GetString());
        Assert.Equal("admin", first.GetProperty("trigger").GetString());
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("checkpointAdvancedTo").ValueKind);

        await AssertBillingAsync(host, pro, "pro", "sub_recpro", "active", pastDue: false);
        await AssertBillingAsync(host, pastDue, "team", "sub_recpastdue", "past_due", pastDue: true);
        await AssertBillingAsync(host, cancelled, "free", "sub_reccancel", "canceled", pastDue: false);
        await AssertBillingAsync(host, upgraded, "team", "sub_recup", "active", pastDue: false);

        var tenants = await SnapshotAsync(host, pro, pastDue, cancelled, upgraded);
        var second = await host.ReconcileAsync();

        Assert.Equal(0, second.GetProperty("eventsReplayed").GetInt32());
        Assert.Equal(0, second.GetProperty("driftFixed").GetInt32());
        Assert.Equal(0, second.GetProperty("errorCount").GetInt32());
        Assert.Equal(tenants, await SnapshotAsync(host, pro, pastDue, cancelled, upgraded));
        Assert.Equal(first.GetProperty("checkpointAdvancedTo").GetDateTimeOffset(), second.GetProperty("eventsSince").GetDateTimeOffset());

        using var reports = await host.Admin.GetAsync("/api/admin/billing/reconciliations", Ct);
        var ids = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, reports)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString());
        Assert.Equal([second.GetProperty("id").GetString(), first.GetProperty("id").GetString()], ids);
    }

    [Fact]
    public async Task Drift_that_no_event_tells_of_is_corrected_and_audited()
    {
        await using var stripe = await StripeStub.StartAsync();
        await using var host = await StartHostAsync(BillingCalls.Settings(stripe));
        var tenantId = await LinkedTenantAsync(host, stripe, "cus_drift", "sub_drift");
        stripe.SetSubscription("cus_drift", "sub_drift", "active", BillingCalls.TeamPrice, DateTimeOffset.UtcNow, StripeStub.EventKind.None);

        var report = await host.ReconcileAsync();

        Assert.Equal(1, report.GetProperty("driftFixed").GetInt32());
        var drift = report.GetProperty("drift")[0];
        Assert.Equal(tenantId, drift.GetProperty("tenantId").GetString());
        Assert.StartsWith("plan pro", drift.GetProperty("before").GetString());
        Assert.StartsWith("plan team", drift.GetProperty("after").GetString());
        Assert.Equal("team", (await host.GetTenantAsync(tenantId)).GetProperty("plan").GetString());
        using var audit = await host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/audit", Ct);
        var newest = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, audit)).GetProperty("items")[0];
        Assert.Equal("billing.reconciled", newest.GetProperty("action").GetString());
        Assert.Equal($"stripe-reconciliation:{report.GetProperty("id").GetString()}", newest.GetProperty("actor").GetString());

        Assert.Equal(0, (await host.ReconcileAsync()).GetProperty("driftFixed").GetInt32());
    }

    [Fact]
    public async Task When_Stripe_answers_429_and_500_the_run_backs_off_as_told_finishes_and_reports_the_retries()
    {
        await using var stripe = await StripeStub.StartAsync();
        await using var host = await StartHostAsync(BillingCalls.Settings(stripe));
        var tenantId = await LinkedTenantAsync(host, stripe, "cus_flaky", "sub_flaky");
        stripe.SetSubscription("cus_flaky", "sub_flaky", "active", BillingCalls.TeamPrice, DateTimeOffset.UtcNow, StripeStub.EventKind.None);
        stripe.Calls.Clear();
        stripe.FailNext((429, "1"), (500, null), (503, null));

        var report = await host.ReconcileAsync();

        Assert.Equal(0, report.GetProperty("errorCount").GetInt32());
        Assert.Equal(3, report.GetProperty("stripeRetries").GetInt32());
        Assert.Equal(1, report.GetProperty("driftFixed").GetInt32());
        Assert.Equal("team", (await host.GetTenantAsync(tenantId)).GetProperty("plan").GetString());
        var calls = stripe.Calls.ToArray();
        Assert.Equal([429, 500, 503, 200], calls.Take(4).Select(c => c.Status));
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.9), $"retried {calls[1].At - calls[0].At} after a 429 that said Retry-After: 1");
    }

    [Fact]
    public async Task When_Stripe_keeps_failing_the_run_still_finishes_reports_the_errors_and_keeps_its_checkpoint()
    {
        await using var stripe = await StripeStub.StartAsync();
        await using var host = await StartHostAsync(BillingCalls.Settings(stripe));
        await LinkedTenantAsync(host, stripe, "cus_down", "sub_down");
        stripe.FailNext(Enumerable.Repeat((500, (string?)null), 40).ToArray());

        var report = await host.ReconcileAsync();

        Assert.Equal("with-errors", report.GetProperty("outcome").GetString());
        Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.GetProperty("scope").GetString() == "events");
        Assert.Equal(JsonValueKind.Null, report.GetProperty("checkpointAdvancedTo").ValueKind);
        Assert.True(report.GetProperty("stripeRetries").GetInt32() >= 4);
    }

    [Fact]
    public async Task It_runs_on_its_schedule_and_an_admin_cannot_start_a_second_run_while_one_holds_the_job()
    {
        await using var stripe = await StripeStub.StartAsync();
        var settings = BillingCalls.Settings(stripe);
        settings["Sluice:Stripe:ReconciliationInterval"] = "00:00:01";
        await using var host = await StartHostAsync(settings);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        JsonElement reports;
        do
        {
            await Task.Delay(200, Ct);
            using var list = await host.Admin.GetAsync("/api/admin/billing/reconciliations", Ct);
            reports = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, list)).GetProperty("items");
        }
        while (reports.GetArrayLength() == 0 && DateTimeOffset.UtcNow < deadline);

        Assert.Equal("schedule", reports[0].GetProperty("trigger").GetString());

        await using var held = await WaitForLeaseAsync(host.Services.GetRequiredService<JobLeases>());
        using var refused = await host.Admin.PostAsync("/api/admin/billing/reconciliations", null, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.ReconciliationRunning, refused);
    }

    private static async Task<JobLeases.HeldLease> WaitForLeaseAsync(JobLeases leases)
    {
        while (true)
        {
            if (await leases.TryAcquireAsync("stripe-reconciliation", Ct) is { } lease)
            {
                return lease;
            }

            await Task.Delay(50, Ct);
        }
    }

    private static async Task<string> NewTenantAsync(SluiceHost host) =>
        (await host.CreateTenantAsync("reconciled", "free")).GetProperty("id").GetString()!;

    /// <summary>A tenant on the pro plan through a checkout whose events were all delivered.</summary>
    private static async Task<string> LinkedTenantAsync(SluiceHost host, StripeStub stripe, string customerId, string subscriptionId)
    {
        var tenantId = await NewTenantAsync(host);
        var (created, checkout) = stripe.CompleteCheckout(tenantId, customerId, subscriptionId, BillingCalls.ProPrice, DateTimeOffset.UtcNow);
        await host.DeliverSettledAsync(created);
        await host.DeliverSettledAsync(checkout);
        Assert.Equal("pro", (await host.GetTenantAsync(tenantId)).GetProperty("plan").GetString());
        return tenantId;
    }

    private static async Task AssertBillingAsync(SluiceHost host, string tenantId, string plan, string subscriptionId, string status, bool pastDue)
    {
        var tenant = await host.GetTenantAsync(tenantId);
        var billing = tenant.GetProperty("billing");
        Assert.Equal(plan, tenant.GetProperty("plan").GetString());
        Assert.Equal(subscriptionId, billing.GetProperty("subscriptionId").GetString());
        Assert.Equal(status, billing.GetProperty("subscriptionStatus").GetString());
        Assert.Equal(pastDue, billing.GetProperty("pastDueSince").ValueKind != JsonValueKind.Null);
    }

    /// <summary>Each tenant as the API shows it plus the length of its audit trail: what "changes nothing" compares.</summary>
    private static async Task<string> SnapshotAsync(SluiceHost host, params string[] tenantIds)
    {
        var parts = new List<string>();
        foreach (var id in tenantIds)
        {
            parts.Add((await host.GetTenantAsync(id)).GetRawText() + "|" + await host.AuditCountAsync(id));
        }

        return string.Join("\n", parts);
    }
}
