using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Events;
using Sluice.Ingestion;

namespace Sluice.Server.Tests;

/// <summary>The retention a tenant has, shown by the API and MCP, and applied by the Server's scheduled pass.</summary>
public class RetentionTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task The_scheduled_pass_deletes_events_past_the_retention_an_admin_set_and_usage_shows_it()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sluice:Retention:Interval"] = "00:00:01" });
        var (tenantId, key) = await host.TenantWithKeyAsync("ingest", "read");
        using var client = host.WithKey(key);
        using (var usage = await client.GetAsync("/api/usage", Ct))
        {
            Assert.Equal(30, (await AdminCalls.ExpectAsync(HttpStatusCode.OK, usage)).GetProperty("retentionDays").GetInt32());
        }

        using (var set = await host.Admin.PatchAsync($"/api/admin/tenants/{tenantId}",
                   new StringContent("""{"retentionDaysOverride":2}""", System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(2, (await AdminCalls.ExpectAsync(HttpStatusCode.OK, set)).GetProperty("retentionDaysOverride").GetInt32());
        }

        using (var usage = await client.GetAsync("/api/usage", Ct))
        {
            Assert.Equal(2, (await AdminCalls.ExpectAsync(HttpStatusCode.OK, usage)).GetProperty("retentionDays").GetInt32());
        }

        // An event received three days ago, as processing would have written it then.
        var batch = new EventBatch("b-old", [new EventEnvelope(tenantId, "three-days-old", "test", "{}", null, DateTimeOffset.UtcNow.AddDays(-3))]);
        await host.Services.GetRequiredService<EventBatchProcessor>().ProcessAsync(
            [new Delivery(EventBatchJson.Assemble(batch.Id, batch.Events.Select(EventBatchJson.Serialize)), 1, DateTimeOffset.UtcNow)], Ct);
        var fresh = await client.SendAsync("fresh", new { ok = true });
        await client.WaitForEventAsync(fresh);

        var deadline = DateTime.UtcNow + LoadedMachine.Patience;
        List<JsonElement> logged;
        while ((logged = await client.ListAllAsync()).Count > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Ct);
        }

        Assert.Equal([fresh], logged.Select(e => e.GetProperty("id").GetString()));
    }
}
