using System.Diagnostics;

namespace Sluice.Server.Tests.Ingestion;

/// <summary>Per-tenant rate limits and monthly quotas: refused with 429 and the figures, and held across instances.</summary>
public class LimitTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task Three_instances_together_hold_a_tenants_limit_within_ten_percent()
    {
        const int perMinute = 600; // a bucket of 600, refilled at 10 per second
        await using var a = await StartHostAsync();
        await using var b = await StartHostAsync();
        await using var c = await StartHostAsync();
        using var create = await a.Admin.PostAsJsonAsync("/api/admin/tenants", new { name = "busy", plan = "team", rateLimitOverride = perMinute }, Ct);
        var tenantId = (await AdminCalls.ExpectAsync(HttpStatusCode.Created, create)).GetProperty("id").GetString()!;
        var key = await a.IssueKeyAsync(tenantId, "ingest");
        HttpClient[] clients = [a.WithKey(key), b.WithKey(key), c.WithKey(key)];

        var accepted = 0;
        var limited = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, 30), new ParallelOptions { MaxDegreeOfParallelism = 30, CancellationToken = Ct }, async (worker, ct) =>
        {
            var client = clients[worker % 3];
            // Until the limit has clearly bitten, however fast this machine happens to be right now.
            while (Volatile.Read(ref limited) < 300 && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                using var response = await client.PostAsJsonAsync("/api/events", new { type = "flood", payload = worker }, ct);
                Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests, $"{response.StatusCode}");
                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.Accepted ? ref accepted : ref limited);
            }
        });

        var allowed = perMinute + perMinute / 60.0 * watch.Elapsed.TotalSeconds;
        Assert.True(limited > 0);
        Assert.True(Math.Abs(accepted - allowed) <= 0.1 * allowed, $"accepted {accepted}, allowed {allowed:F0} over {watch.Elapsed.TotalSeconds:F1} s");
        TestContext.Current.TestOutputHelper!.WriteLine($"3 instances: accepted {accepted} of {allowed:F0} allowed ({accepted / allowed:P1}), {limited} refused");
    }

    [Fact]
    public async Task A_free_tenant_gets_its_burst_of_sixty_then_429_with_retry_after_and_a_warning_before()
    {
        await using var host = await StartHostAsync();
        using var client = await host.TenantClientAsync("free");

        // A bucket of 60 that refills one token a second: the burst plus whatever refilled while sending.
        var (accepted, warned) = (0, 0);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        while (true)
        {
            response = await client.PostAsJsonAsync("/api/events", new { type = "tick", payload = accepted }, Ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                break;
            }

            Assert.Equal("60", response.Headers.GetValues("RateLimit-Limit").Single());
            warned += response.Headers.Contains("Sluice-Warning") ? 1 : 0;
            accepted++;
            response.Dispose();
        }

        using (response)
        {
            await ProblemAssert.IsAsync(ProblemTypes.RateLimited, response);
            Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            Assert.Equal("0", response.Headers.GetValues("RateLimit-Remaining").Single());
        }

        Assert.InRange(accepted, 60, 60 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds));
        Assert.InRange(warned, 5, 6 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds)); // past 90% only
    }

    [Fact]
    public async Task A_batch_bigger_than_the_per_minute_limit_is_refused_for_good_saying_how_many_fit()
    {
        await using var host = await StartHostAsync();
        using var client = await host.TenantClientAsync("free");
        var events = Enumerable.Range(0, 61).Select(i => new { type = "tick", payload = i });

        using var response = await client.PostAsJsonAsync("/api/events", new { events }, Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.BatchOverRateLimit, response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode); // not 429: waiting cannot make it fit
        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal("60", response.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Contains("send at most 60 events a request", problem.GetProperty("detail").GetString());

        // The tenant's budget is untouched: a batch that fits goes through at once.
        using var fits = await client.PostAsJsonAsync("/api/events", new { events = events.Take(60) }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);
    }

    [Fact]
    public async Task Usage_counts_the_events_answered_202_once_the_instances_leases_settle()
    {
        await using var host = await StartHostAsync();
        using var client = await host.TenantClientAsync("free");
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("tick", i);
        }

        // Right after, the count may include tokens this instance leased and has not used; they go back within
        // about two lease lifetimes of the last request (docs/architecture.md, "Limits").
        var settled = System.Diagnostics.Stopwatch.StartNew();
        long accepted;
        do
        {
            await Task.Delay(250, Ct);
            using var usage = await client.GetAsync("/api/usage", Ct);
            accepted = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, usage)).GetProperty("accepted").GetInt64();
        }
        while (accepted != 3 && settled.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(3, accepted);
    }

    [Fact]
    public async Task Past_the_monthly_quota_events_are_refused_until_next_month()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sluice:Plans:Free:EventsPerMonth"] = "5" });
        using var client = await host.TenantClientAsync("free");

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync("tick", i);
        }

        using var refused = await client.PostAsJsonAsync("/api/events", new { type = "tick", payload = 6 }, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.QuotaExceeded, refused);
        var now = DateTimeOffset.UtcNow;
        var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, nextMonth - now - TimeSpan.FromMinutes(1), nextMonth - now + TimeSpan.FromMinutes(1));

        using var usage = await client.GetAsync("/api/usage", Ct);
        var figures = await AdminCalls.ExpectAsync(HttpStatusCode.OK, usage);
        Assert.Equal(5, figures.GetProperty("accepted").GetInt64());
        Assert.Equal(5, figures.GetProperty("monthlyQuota").GetInt64());
    }
}
