using System.Diagnostics;
using System.Globalization;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Chaos;

/// <summary>
/// (c) Latency injected into every table call (the proxy holds each request), as a slow dependency would. Each
/// endpoint is probed before and during the slowdown, from a second tenant, so the table shows which routes the
/// slow tables reach and that the others stay fast.
/// </summary>
public static class SlowStorage
{
    private static readonly string[] Endpoints = ["GET /health/live", "POST /api/events", "GET /api/me", "POST /mcp tools/list", "GET /api/usage", "GET /api/events", "GET /health/ready"];

    public static async Task<FaultReport> RunAsync(FaultWindow window, TimeSpan delay, TimeSpan slow)
    {
        var (_, key) = await window.Stack.CreateTenantAsync("chaos-probe");
        using var client = window.Stack.ClientWithKey(key, TimeSpan.FromSeconds(30));
        var normal = await ProbeAsync(client, TimeSpan.FromSeconds(8));
        window.Stack.Tables.Delay = delay;
        var slowed = await ProbeAsync(client, slow);
        window.Stack.Tables.Delay = TimeSpan.Zero;

        var details = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"| endpoint (probed one request at a time) | p50 / p99 normal | p50 / p99 with tables +{delay.TotalMilliseconds:0} ms | answers while slow |"),
            "| --- | ---: | ---: | --- |",
        };
        details.AddRange(Endpoints.Select(e => $"| {e} | {normal[e].Summary} | {slowed[e].Summary} | {slowed[e].Statuses} |"));
        var failures = slowed.Values.Sum(s => s.Failures) + normal.Values.Sum(s => s.Failures);
        return new FaultReport("(no outage)", string.Create(CultureInfo.InvariantCulture, $"tables +{delay.TotalMilliseconds:0} ms per request for {slow.TotalSeconds:0} s; probe answers 5xx other than 503, or none: {failures}"), details)
        {
            ServerErrors = failures,
        };
    }

    private static async Task<Dictionary<string, LatencySample>> ProbeAsync(HttpClient client, TimeSpan duration)
    {
        var samples = Endpoints.ToDictionary(e => e, _ => new LatencySample());
        var until = Stopwatch.StartNew();
        var n = 0;
        await Task.WhenAll(Endpoints.Select(endpoint => Task.Run(async () =>
        {
            while (until.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await client.SendAsync(Request(endpoint, Interlocked.Increment(ref n)));
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }

                samples[endpoint].Add(Stopwatch.GetElapsedTime(started), status);
                await Task.Delay(100);
            }
        })));
        return samples;
    }

    private static HttpRequestMessage Request(string endpoint, int n) => endpoint switch
    {
        "POST /api/events" => new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new StringContent($"{{\"id\":\"probe-{n}\",\"type\":\"suite.probe\",\"payload\":{{}}}}", System.Text.Encoding.UTF8, "application/json"),
        },
        "POST /mcp tools/list" => McpRequests.Stateless("tools/list"),
        _ => new HttpRequestMessage(HttpMethod.Get, endpoint.Split(' ')[1]),
    };
}
