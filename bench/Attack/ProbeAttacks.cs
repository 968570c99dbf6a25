using System.Net;
using System.Text.Json;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Attack;

/// <summary>What anyone can call without credentials: readiness, /metrics, and the headers of every answer.</summary>
public static class ProbeAttacks
{
    public static async Task<AttackResult> ReadinessFloodAsync(SluiceStack stack)
    {
        using var client = Attacker.From(stack.Address);
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var checkedAt = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 100 }, async (_, ct) =>
        {
            using var response = await client.GetAsync("/health/ready", ct);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            checkedAt.TryAdd(body.GetProperty("checkedAt").GetString()!, 0);
        });
        var held = statuses.Keys.SequenceEqual([200]);
        return new AttackResult("1. readiness flood", "1,000 GET /health/ready, 100 at a time",
            $"{Tally(statuses)}; the checks ran {checkedAt.Count} time{(checkedAt.Count == 1 ? "" : "s")}", held);
    }

    public static async Task<AttackResult> MetricsFromLoopbackAsync(SluiceStack stack)
    {
        using var client = Attacker.From(stack.Address);
        using var response = await client.GetAsync("/metrics");
        return new AttackResult("2. /metrics from loopback", "GET /metrics with no token, from 127.0.0.x (what a same-host proxy forwards)",
            $"{(int)response.StatusCode}", response.StatusCode == HttpStatusCode.Unauthorized);
    }

    public static async Task<AttackResult> ResponseHeadersAsync(SluiceStack stack, string key)
    {
        using var client = Attacker.From(stack.Address, key);
        using var anonymous = Attacker.From(stack.Address);
        using var me = await client.GetAsync("/api/me");
        using var refused = await anonymous.GetAsync("/api/me");
        var cache = $"{me.Headers.CacheControl}/{refused.Headers.CacheControl}";
        var sniff = $"{string.Join(",", me.Headers.GetValues("X-Content-Type-Options"))}/{string.Join(",", refused.Headers.GetValues("X-Content-Type-Options"))}";
        var server = me.Headers.Contains("Server") ? string.Join(",", me.Headers.Server) : "none";
        return new AttackResult("9. response headers", "GET /api/me with a key, and without",
            $"Cache-Control {cache}; X-Content-Type-Options {sniff}; Server header {server}",
            cache == "no-store/no-store" && sniff == "nosniff/nosniff" && server == "none");
    }

    public static string Tally(IDictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} × {s.Key}"));
}
