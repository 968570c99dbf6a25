using System.Text.Json;
using Sluice.Admin;
using Sluice.Billing;
using Sluice.Tenants;

namespace Sluice.Domain.Tests.Billing;

/// <summary>
/// Reconciliation's steps as the Functions host's orchestration runs them: each a separate activity whose input and
/// output cross a serializer (Durable Task's default System.Text.Json options), pages fanned out, then finished.
/// </summary>
public class ReconciliationStepsTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_steps_run_apart_with_serialized_results_repair_every_tenant_and_store_their_report()
    {
        await using var stripe = await StripeStub.StartAsync();
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix(), BillingCalls.Settings(stripe), _ => { });
        var administration = domain.Get<TenantAdministration>();
        var tenants = new List<string>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            var tenant = await administration.CreateTenantAsync("tester", $"steps-{i}", Plan.Free, null, Ct);
            tenants.Add(tenant.Id);
            stripe.CompleteCheckout(tenant.Id, $"cus_steps{i}", $"sub_steps{i}", i == 0 ? BillingCalls.ProPrice : BillingCalls.TeamPrice, now);
        }

        stripe.SetSubscription("cus_steps2", "sub_steps2", "past_due", BillingCalls.TeamPrice, now.AddMinutes(1));
        var reconciliation = domain.Get<StripeReconciliation>();
        const string runId = "9000000000000000000-r000000";

        var replay = RoundTrip(await reconciliation.ReplayEventsAsync(Ct));
        var checks = new List<DriftCheck>();
        string? continuation = null;
        do
        {
            var page = RoundTrip(await reconciliation.ListLinkedTenantsAsync(continuation, Ct));
            checks.Add(RoundTrip(await reconciliation.CheckTenantsAsync(runId, page.Items, Ct)));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        var report = RoundTrip(await reconciliation.FinishAsync(runId, "schedule", replay, checks, Ct));

        Assert.Equal(7, report.EventsReplayed);
        Assert.Equal(3, report.TenantsChecked);
        Assert.Equal(0, report.ErrorCount);
        Assert.Equal(report, await domain.Get<ReconciliationReports>().GetAsync(runId, Ct), new ReportComparer());
        var plans = new List<(Plan, string?)>();
        foreach (var id in tenants)
        {
            var tenant = await administration.GetTenantAsync(id, Ct);
            plans.Add((tenant.Plan, tenant.Billing?.SubscriptionStatus));
        }

        Assert.Equal([(Plan.Pro, "active"), (Plan.Team, "active"), (Plan.Team, "past_due")], plans);
    }

    private static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;

    /// <summary>Reports hold lists, which records compare by reference; compare what they say.</summary>
    private sealed class ReportComparer : IEqualityComparer<ReconciliationReport?>
    {
        public bool Equals(ReconciliationReport? x, ReconciliationReport? y) =>
            JsonSerializer.Serialize(x) == JsonSerializer.Serialize(y);

        public int GetHashCode(ReconciliationReport? obj) => 0;
    }
}
