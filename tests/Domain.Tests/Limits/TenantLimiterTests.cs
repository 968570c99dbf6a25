using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Limits;
using Sluice.Tenants;

namespace Sluice.Domain.Tests.Limits;

/// <summary>
/// A busy tenant's requests are served from its lease while the lease's renewal waits on a slow budget table (the
/// chaos suite's slow-tables fault stalled ingestion every two seconds before renewals went ahead, in the background).
/// </summary>
public class TenantLimiterTests(AzuriteFixture storage)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Requests_go_on_past_the_leases_expiry_while_its_renewal_is_held_up()
    {
        var (domain, gate, limiter, tenant) = await BusyTenantAsync();
        await using var _ = domain;
        gate.Close(); // the budget table stops answering
        _clock.Advance(TenantLimiter.LeaseLifetime - TenantLimiter.RenewAhead / 2);
        Assert.True((await TakeAsync(limiter, tenant)).Allowed); // near expiry: starts the renewal, which is held
        _clock.Advance(TenantLimiter.RenewAhead); // past expiry, within the grace of a renewal in flight
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await TakeAsync(limiter, tenant)).Allowed);
        }

        Assert.True(gate.Held > 0, "The renewal never reached the budget table.");
        gate.Open();
    }

    [Fact]
    public async Task Without_a_renewal_in_flight_an_expired_lease_is_not_used()
    {
        var (domain, gate, limiter, tenant) = await BusyTenantAsync();
        await using var _ = domain;
        _clock.Advance(TenantLimiter.LeaseLifetime + TenantLimiter.RenewalGrace); // idle: leftovers expire
        gate.Close();
        var next = limiter.TryTakeAsync(tenant, 1, Ct).AsTask();
        await Task.Delay(500, Ct);
        Assert.False(next.IsCompleted); // it must ask the ledger, which is not answering
        gate.Open();
        Assert.True((await next.WaitAsync(Patience, Ct)).Allowed);
    }

    [Fact]
    public async Task Tokens_a_lease_did_not_use_go_back_to_the_tenants_bucket_and_month()
    {
        var (domain, gate, limiter, tenant) = await NewTenantAsync();
        await using var _ = domain;
        var taken = 0;
        for (var burst = 0; burst < 6; burst++)
        {
            for (var i = 0; i < 10; i++, taken++)
            {
                Assert.True((await TakeAsync(limiter, tenant)).Allowed);
            }

            await RenewalsLandedAsync(gate);
            _clock.Advance(TenantLimiter.LeaseLifetime + TenantLimiter.RenewalGrace); // idle: the lease expires half used
        }

        // Leased but not used: only what the current lease holds. Each expired lease's leftovers used to be lost to
        // the tenant (72 tokens over these six bursts).
        var leased = await domain.Get<BudgetLedger>().AcceptedThisMonthAsync(tenant.Id, Ct);
        var chunk = domain.Get<IOptions<PlansOptions>>().Value.For(tenant).Chunk;
        Assert.InRange(leased - taken, 0, chunk);
    }

    /// <summary>A tenant that has just sent 50 events, so its lease has grown; the budget table behind a gate.</summary>
    private async Task<(DomainServices Domain, GatePolicy Gate, TenantLimiter Limiter, Tenant Tenant)> BusyTenantAsync()
    {
        var busy = await NewTenantAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.True((await TakeAsync(busy.Limiter, busy.Tenant)).Allowed);
        }

        await RenewalsLandedAsync(busy.Gate);
        return busy;
    }

    /// <summary>
    /// Waits until the budget table has answered every call a take started in the background (a renewal that landed
    /// after the test moved the clock would extend the lease from the new time), seen twice 100 ms apart.
    /// </summary>
    private static async Task RenewalsLandedAsync(GatePolicy budgetTable)
    {
        var deadline = DateTime.UtcNow + Patience;
        for (var quiet = 0; quiet < 2; quiet = budgetTable.InFlight == 0 ? quiet + 1 : 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "a renewal did not land");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>A tenant on team that has sent nothing yet; the budget table behind a gate, open.</summary>
    private async Task<(DomainServices Domain, GatePolicy Gate, TenantLimiter Limiter, Tenant Tenant)> NewTenantAsync()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        var gate = new GatePolicy($"/{prefix}limits");
        var domain = await DomainServices.StartAsync(storage, prefix, null, services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<HttpPipelinePolicy>(gate);
        });
        var limiter = domain.Get<TenantLimiter>();
        var now = _clock.GetUtcNow();
        var tenant = new Tenant(TenantIds.New(), "busy", Plan.Team, TenantStatus.Active, null, now, now, []);
        return (domain, gate, limiter, tenant);
    }

    private static async Task<LimitDecision> TakeAsync(TenantLimiter limiter, Tenant tenant) =>
        await limiter.TryTakeAsync(tenant, 1, Ct).AsTask().WaitAsync(Patience, Ct);
}
