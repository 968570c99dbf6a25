using System.Diagnostics;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Tests;

/// <summary>Health endpoints, load shedding and request deadlines.</summary>
public class ResilienceTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task Liveness_touches_no_dependency_and_readiness_runs_the_real_validation_read_at_most_once_per_max_age()
    {
        // Everything but the background workers' own polls (queue receives, scheduled jobs' lease blobs).
        var everything = new StorageRequestCounter(request =>
            !request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal) && !request.Uri.Path.Contains("-leases", StringComparison.Ordinal));
        var probeReads = StorageRequestCounter.TenantReads("t0000000000000");
        // Counted exactly, so the background readiness runs (for the metric) are put off past the test.
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Sluice:Health:BackgroundInterval"] = "01:00:00",
            ["Sluice:Health:ReadinessMaxAge"] = "00:00:00.500",
        }, s =>
        {
            s.AddSingleton<HttpPipelinePolicy>(everything);
            s.AddSingleton<HttpPipelinePolicy>(probeReads);
        });
        await Task.Delay(300, Ct); // let start-up calls (table creation, the first queue poll) settle
        var before = everything.Count;

        using (var live = await host.Client.GetAsync("/health/live", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        Assert.Equal(before, everything.Count);
        for (var i = 1; i <= 3; i++)
        {
            using var ready = await host.Client.GetAsync("/health/ready", Ct);
            var report = await AdminCalls.ExpectAsync(HttpStatusCode.OK, ready);
            Assert.Equal("Healthy", report.GetProperty("status").GetString());
            Assert.Equal(["events-queue", "storage", "tenant-validation"], report.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
            Assert.Equal(i, probeReads.Count); // each probe past the max age reads storage: the real path, not a cache
            await Task.Delay(600, Ct);
        }
    }

    [Fact]
    public async Task Past_the_concurrency_limit_requests_are_shed_with_503_not_queued()
    {
        // Storage stops answering the tenant reads, so the admitted requests hold their slots for as long as the test
        // keeps the gate closed (the call and request deadlines are lifted past it). Shed requests must answer
        // meanwhile: one that queued for a slot could not answer before the gate opens. No clock is involved.
        var gate = new GatePolicy("tenants");
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Sluice:Http:MaxConcurrentRequests"] = "4",
            ["Sluice:Storage:CallTimeout"] = "00:01:00",
            ["Sluice:Http:RequestTimeout"] = "00:05:00",
        }, s => s.AddSingleton<HttpPipelinePolicy>(gate));
        gate.Close();

        var requests = Enumerable.Range(0, 20).Select(_ => host.Admin.GetAsync("/api/admin/tenants", Ct)).ToList();
        var answered = new List<Task<HttpResponseMessage>>();
        while (answered.Count < 16)
        {
            var next = await Task.WhenAny(requests.Except(answered)).WaitAsync(LoadedMachine.Patience, Ct);
            answered.Add(next);
        }

        Assert.All(requests.Except(answered), r => Assert.False(r.IsCompleted, "an admitted request answered while storage held it"));
        foreach (var response in await Task.WhenAll(answered))
        {
            await ProblemAssert.IsAsync(ProblemTypes.Overloaded, response);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        gate.Open();
        foreach (var response in await Task.WhenAll(requests.Except(answered)).WaitAsync(LoadedMachine.Patience, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_request_past_its_deadline_answers_503_instead_of_hanging()
    {
        var slow = new DelayPolicy(TimeSpan.FromSeconds(5), enabled: false);
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sluice:Http:RequestTimeout"] = "00:00:01", ["Sluice:Storage:CallTimeout"] = "00:00:10" },
            s => s.AddSingleton<HttpPipelinePolicy>(slow));
        slow.Enabled = true;

        var watch = Stopwatch.StartNew();
        using var response = await host.Admin.GetAsync("/api/admin/tenants", Ct);

        await ProblemAssert.IsAsync(ProblemTypes.StorageUnavailable, response);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_raw_socket_error_while_receiving_does_not_stop_the_host()
    {
        // HttpClient sometimes lets a SocketException out unwrapped (the chaos suite met one as storage came back);
        // escaping the queue worker, it stopped the whole Server.
        var faults = new FaultPolicy(
            m => m.Request.Method == Azure.Core.RequestMethod.Get && m.Request.Uri.Path.EndsWith("-events/messages", StringComparison.Ordinal) && !m.Request.Uri.Query.Contains("peekonly", StringComparison.Ordinal),
            () => new System.Net.Sockets.SocketException(107), times: 12);
        await using var host = await StartHostAsync(services: s => s.AddSingleton<HttpPipelinePolicy>(faults));
        using var tenant = await host.TenantClientAsync();

        var until = Stopwatch.StartNew();
        while (faults.Left > 0)
        {
            Assert.True(until.Elapsed < TimeSpan.FromSeconds(60), $"the worker stopped receiving with {faults.Left} faults left");
            await Task.Delay(50, Ct);
        }

        // The faults opened the queues' breaker, as they should: send as a client does, after its Retry-After.
        HttpResponseMessage sent;
        while ((sent = await tenant.PostAsJsonAsync("/api/events", new { id = "after-fault", type = "after.fault", payload = new { ok = true } }, Ct)).StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(until.Elapsed < TimeSpan.FromSeconds(90), "storage stayed unavailable");
            await Task.Delay(sent.Headers.RetryAfter!.Delta!.Value, Ct);
            sent.Dispose();
        }

        using (sent)
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        await tenant.WaitForEventAsync("after-fault");
        using var live = await host.Client.GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
