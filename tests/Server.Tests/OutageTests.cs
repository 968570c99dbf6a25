using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sluice.Server.Tests;

/// <summary>
/// Storage goes away under load and comes back. Ingestion answers 503 with Retry-After (never 500, never past its
/// deadline), readiness turns 503 within 5 s and back after recovery, and every event that got a 202 is in the log.
/// Runs its own Azurite, which it stops (as an operator would) and restarts on the same ports.
/// </summary>
public class OutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Storage_down_under_load_sheds_with_503_and_loses_nothing_that_was_accepted()
    {
        await using var azurite = await StoppableAzurite.StartAsync(Ct);
        await using var host = await SluiceHost.StartAsync(azurite.ConnectionString, AzuriteFixture.NewTablePrefix(),
            new Dictionary<string, string?> { ["Sluice:Processing:VisibilityTimeout"] = "00:00:05", ["Sluice:Processing:RetryBaseDelay"] = "00:00:00.200" });
        var tenantId = (await host.CreateTenantAsync("steady", "team")).GetProperty("id").GetString()!;
        using (var raise = await host.Admin.PatchAsJsonAsync($"/api/admin/tenants/{tenantId}", new { rateLimitOverride = 1_000_000 }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, raise.StatusCode);
        }

        using var client = host.WithKey(await host.IssueKeyAsync(tenantId, "ingest", "read"));
        var accepted = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var slowest = TimeSpan.Zero;
        using var stop = new CancellationTokenSource();
        var next = 0;
        var load = Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var id = $"steady-{Interlocked.Increment(ref next):D6}";
                var watch = Stopwatch.StartNew();
                using var response = await client.PostAsJsonAsync("/api/events", new { id, type = "tick", payload = id }, CancellationToken.None);
                if (watch.Elapsed > slowest)
                {
                    slowest = watch.Elapsed;
                }

                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted.Add(id);
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
                        $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                    await Task.Delay(200, CancellationToken.None);
                }
            }
        }, CancellationToken.None)));

        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.True(await ReadyAsync(host));
        await azurite.StopAsync();
        var down = Stopwatch.StartNew();
        while (await ReadyAsync(host))
        {
            Assert.True(down.Elapsed < TimeSpan.FromSeconds(5), "readiness still said ready 5 s into the outage");
        }

        var notReadyAfter = down.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        await azurite.RestartAsync(Ct);
        var up = Stopwatch.StartNew();
        while (!await ReadyAsync(host))
        {
            Assert.True(up.Elapsed < TimeSpan.FromSeconds(30), "readiness did not recover within 30 s");
            await Task.Delay(200, Ct);
        }

        var readyAfter = up.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await stop.CancelAsync();
        await load;

        Assert.False(statuses.ContainsKey(HttpStatusCode.InternalServerError));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) > 0, "the outage was never seen");
        Assert.True(slowest < Deadline + TimeSpan.FromSeconds(1), $"a request took {slowest}");
        var missing = await client.MissingFromLogAsync(accepted, LoadedMachine.Patience);
        var usage = await client.GetStringAsync("/api/usage", Ct);
        Assert.True(missing.Count == 0,
            $"{missing.Count} of {accepted.Count} accepted events are not in the log ({string.Join(", ", missing.Take(10))}); usage says {usage}");
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"outage: {accepted.Count} accepted, all logged; statuses {string.Join(", ", statuses.Select(s => $"{(int)s.Key}x{s.Value}"))}; " +
            $"not ready after {notReadyAfter.TotalSeconds:F1} s, ready again {readyAfter.TotalSeconds:F1} s after restart; slowest request {slowest.TotalSeconds:F1} s");
    }

    private static async Task<bool> ReadyAsync(SluiceHost host)
    {
        using var response = await host.Client.GetAsync("/health/ready", Ct);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
