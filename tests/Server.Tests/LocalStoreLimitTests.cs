using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Server.Local;

namespace Sluice.Server.Tests;

/// <summary>
/// Azurite aborts when its table file passes 512 MiB, losing its unsaved writes; the Server that <c>scripts/run</c>
/// starts refuses new events before its limit (here 1 MiB, about 1,600 events), keeps serving reads, says why in
/// readiness, and loses nothing it accepted.
/// </summary>
public class LocalStoreLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Past_the_limit_new_events_get_503_with_Retry_After_reads_go_on_and_every_accepted_event_is_logged()
    {
        using var data = RunDataDirectory.Create("sluice-run-full-");
        await using var run = await RunScript.StartAsync(data.FullName, Ports.Free(), LoadedMachine.Patience, Ct, settings: [$"--{LocalTableStore.LimitKey}=1"]);
        using var tenant = run.Tenant();
        var tenantId = (await tenant.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetString()!;
        using (var raise = await run.Admin.PatchAsJsonAsync($"/api/admin/tenants/{tenantId}", new { rateLimitOverride = 1_000_000 }, Ct))
        {
            raise.EnsureSuccessStatusCode();
        }

        // 1 MiB holds under 1,000 of these events; the rest is Azurite's 5 s between saves and processing's lag.
        var accepted = 0;
        HttpResponseMessage refused;
        for (var batch = 0; ; batch++)
        {
            Assert.True(accepted < 20_000, $"{accepted} events accepted and none refused");
            var events = Enumerable.Range(0, 100).Select(i => new { id = $"fill-{batch:D4}-{i:D3}", type = "fill", payload = new { pad = new string('x', 200) } });
            var response = await tenant.PostAsJsonAsync("/api/events", new { events }, Ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                refused = response;
                break;
            }

            accepted += 100;
            response.Dispose();
            if (accepted % 1000 == 0)
            {
                // Azurite saves its file every 5 s; the Server looks at its size at most once a second.
                await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            }
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("urn:sluice:problem:storage-unavailable", problem.GetProperty("type").GetString());
            Assert.Contains("The local store is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.True(accepted > 0, "the first events were refused: the limit is read wrong");
        using (var me = await tenant.GetAsync("/api/me", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        JsonElement store;
        var deadline = DateTime.UtcNow + LoadedMachine.Patience;
        while (true)
        {
            using var ready = await run.Admin.GetAsync("/health/ready", Ct);
            var body = await ready.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (ready.StatusCode == HttpStatusCode.ServiceUnavailable && body.GetProperty("checks").TryGetProperty("local-store", out store))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "readiness never named the local store");
            await Task.Delay(250, Ct);
        }

        Assert.Equal("Unhealthy", store.GetProperty("status").GetString());
        Assert.Contains("new events are refused", store.GetProperty("description").GetString(), StringComparison.Ordinal);

        Assert.Equal(accepted, (await tenant.WaitForProcessedAsync(accepted)).GetProperty("processed").GetInt64());
        Assert.Equal(accepted, (await tenant.ListAllAsync()).Select(e => e.GetProperty("id").GetString()).Distinct().Count());
    }
}
