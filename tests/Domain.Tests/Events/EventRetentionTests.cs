using Azure.Data.Tables;
using Sluice.Admin;
using Sluice.Events;
using Sluice.Ingestion;
using Sluice.Storage;
using Sluice.Tenants;
using Sluice.Usage;

namespace Sluice.Domain.Tests.Events;

/// <summary>
/// A retention pass deletes what a tenant's log has kept past its plan's retention (or its own override), with the
/// guards and the usage markers of months that ended before then, and nothing else.
/// </summary>
public class EventRetentionTests(AzuriteFixture storage)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_past_the_free_plans_seven_days_go_with_their_guards_and_old_markers_and_the_rest_stays()
    {
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix());
        var free = await domain.Get<TenantAdministration>().CreateTenantAsync("tester", "free", Plan.Free, null, Ct);
        var kept = await domain.Get<TenantAdministration>().CreateTenantAsync("tester", "kept", Plan.Free, null, Ct);
        kept = await domain.Get<TenantAdministration>().UpdateTenantAsync("tester", kept.Id,
            new TenantChanges(null, null, null, null, false) { RetentionDaysOverride = 60 }, Ct);
        var old = Now.AddDays(-40);
        var recent = Now.AddDays(-1);
        await ProcessAsync(domain, Batch("b-old", old, free.Id, "o1", "o2", "o3"), Batch("b-new", recent, free.Id, "n1", "n2"), Batch("b-kept", old, kept.Id, "k1"));

        var deleted = await domain.Get<EventRetention>().RunAsync(Ct);

        Assert.Equal(3, deleted);
        Assert.Equal(["n1", "n2"], await LoggedAsync(domain, free.Id));
        Assert.Equal(["k1"], await LoggedAsync(domain, kept.Id));
        var tables = domain.Get<SluiceTables>();
        Assert.False((await tables.EventIds.GetEntityIfExistsAsync<TableEntity>(EventShards.GuardPartitionOf(free.Id, "o1"), EventRows.GuardRow("o1"), cancellationToken: Ct)).HasValue);
        Assert.True((await tables.EventIds.GetEntityIfExistsAsync<TableEntity>(EventShards.GuardPartitionOf(free.Id, "n1"), EventRows.GuardRow("n1"), cancellationToken: Ct)).HasValue);
        Assert.False((await tables.Usage.GetEntityIfExistsAsync<TableEntity>($"{free.Id}_{UsageCounter.Month(old)}", "m_b-old", cancellationToken: Ct)).HasValue);
        Assert.True((await tables.Usage.GetEntityIfExistsAsync<TableEntity>($"{kept.Id}_{UsageCounter.Month(old)}", "m_b-kept", cancellationToken: Ct)).HasValue);
        Assert.Equal(3, await domain.Get<UsageCounter>().ProcessedAsync(free.Id, UsageCounter.Month(old), Ct));

        // A second pass finds nothing; an expired id sent again is a new event.
        Assert.Equal(0, await domain.Get<EventRetention>().RunAsync(Ct));
        await ProcessAsync(domain, Batch("b-again", recent, free.Id, "o1"));
        Assert.Equal(["n1", "n2", "o1"], await LoggedAsync(domain, free.Id));
    }

    [Fact]
    public async Task Usage_and_the_admin_view_show_the_retention_that_applies()
    {
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix());
        var team = await domain.Get<TenantAdministration>().CreateTenantAsync("tester", "team", Plan.Team, null, Ct);
        Assert.Equal(90, (await domain.Get<UsageReport>().ForAsync(team, Ct)).RetentionDays);

        team = await domain.Get<TenantAdministration>().UpdateTenantAsync("tester", team.Id,
            new TenantChanges(null, null, null, null, false) { RetentionDaysOverride = 400 }, Ct);
        Assert.Equal(400, (await domain.Get<UsageReport>().ForAsync(team, Ct)).RetentionDays);
        Assert.Equal(400, TenantView.Of(team).RetentionDaysOverride);

        team = await domain.Get<TenantAdministration>().UpdateTenantAsync("tester", team.Id,
            new TenantChanges(null, null, null, null, false) { ClearRetentionDaysOverride = true }, Ct);
        Assert.Equal(90, (await domain.Get<UsageReport>().ForAsync(team, Ct)).RetentionDays);
    }

    private static async Task ProcessAsync(DomainServices domain, params EventBatch[] batches)
    {
        var outcomes = await domain.Get<EventBatchProcessor>().ProcessAsync(
            batches.Select(b => new Delivery(EventBatchJson.Assemble(b.Id, b.Events.Select(EventBatchJson.Serialize)), 1, DateTimeOffset.UtcNow)).ToArray(), Ct);
        Assert.All(outcomes, o => Assert.Equal(ProcessingResult.Done, o.Result));
    }

    private static EventBatch Batch(string id, DateTimeOffset receivedAt, string tenantId, params string[] eventIds) =>
        new(id, eventIds.Select(e => new EventEnvelope(tenantId, e, "test", "{}", null, receivedAt)).ToArray());

    private static async Task<string[]> LoggedAsync(DomainServices domain, string tenantId)
    {
        var (events, _) = await domain.Get<EventLogReader>().ReadAsync(tenantId, null, null, null, null, 100, Ct);
        return events.Select(e => e.Id).Order(StringComparer.Ordinal).ToArray();
    }
}
