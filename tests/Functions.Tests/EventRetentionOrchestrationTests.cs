using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Events;
using Sluice.Ingestion;
using Sluice.Tenants;

namespace Sluice.Functions.Tests;

/// <summary>Event retention, src/Functions' own eternal orchestration, on the Durable Task engine.</summary>
public class EventRetentionOrchestrationTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task It_runs_as_one_instance_each_interval_deletes_expired_events_and_survives_a_failing_pass()
    {
        await using var hub = await TaskHubHarness.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Sluice:Retention:Interval"] = "00:00:01",
            ["Sluice:Orchestrations:ActivityAttempts"] = "2",
            ["Sluice:Orchestrations:FirstRetryDelay"] = "00:00:00.100",
        }, Ct);
        var tenant = await hub.Services.GetRequiredService<Sluice.Admin.TenantAdministration>().CreateTenantAsync("tester", "free", Plan.Free, null, Ct);
        var old = DateTimeOffset.UtcNow.AddDays(-8);
        var batch = new EventBatch("b-old", [new EventEnvelope(tenant.Id, "expired", "test", "{}", null, old)]);
        await hub.Services.GetRequiredService<EventBatchProcessor>().ProcessAsync(
            [new Delivery(EventBatchJson.Assemble(batch.Id, batch.Events.Select(EventBatchJson.Serialize)), 1, DateTimeOffset.UtcNow)], Ct);
        hub.Activities.Fail(nameof(EventRetentionFunctions.ExpireEvents), calls: 2);
        var functions = hub.Function<EventRetentionFunctions>();

        await Task.WhenAll(functions.StartEventRetention(new TimerInfo(), hub.Client, Ct), functions.StartEventRetention(new TimerInfo(), hub.Client, Ct));
        await hub.WaitForAsync(EventRetentionFunctions.InstanceId, () => hub.Activities.CallsOf(nameof(EventRetentionFunctions.ExpireEvents)).Count >= 4, "a failed pass and two more");

        Assert.Contains(hub.Logs.Lines, line => line.Level == LogLevel.Error && line.Message.Contains("Expiring events failed after 2 attempts", StringComparison.Ordinal));
        var (events, _) = await hub.Services.GetRequiredService<EventLogReader>().ReadAsync(tenant.Id, null, null, null, null, 10, Ct);
        Assert.Empty(events);
        var instances = await hub.Client.GetAllInstancesAsync(new Microsoft.DurableTask.Client.OrchestrationQuery()).ToListAsync(Ct);
        Assert.Equal(EventRetentionFunctions.InstanceId, Assert.Single(instances).InstanceId);
    }
}
