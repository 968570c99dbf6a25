using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Sluice.Bench.Harness;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Bench.Attack;

/// <summary>Guessing credentials: admin tokens, keys of tenants that do not exist, and keys sent the wrong way.</summary>
public static class CredentialAttacks
{
    public static async Task<AttackResult> AdminBruteForceAsync(SluiceStack stack)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var address = stack.Address;
        using var guesser = Attacker.From(address);
        var retryAfter = TimeSpan.Zero;
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (n, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/tenants");
            request.Headers.Authorization = new("Bearer", $"guess-{n:D6}-{Guid.NewGuid():N}");
            using var response = await guesser.SendAsync(request, ct);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
            if (response.Headers.RetryAfter?.Delta is { } after)
            {
                retryAfter = after;
            }
        });
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/admin/tenants");
        right.Headers.Authorization = new("Bearer", SluiceStack.AdminToken);
        using var rightAnswer = await guesser.SendAsync(right);
        var held = statuses.GetValueOrDefault(401) <= 40 && statuses.GetValueOrDefault(429) >= 960 && rightAnswer.StatusCode == HttpStatusCode.TooManyRequests;
        return new AttackResult("4. admin token brute force", "1,000 wrong admin tokens, 50 at a time, then the right one",
            $"{ProbeAttacks.Tally(statuses)} (Retry-After {retryAfter.TotalSeconds:0} s); the right token then: {(int)rightAnswer.StatusCode}", held);
    }

    public static async Task<AttackResult> PlaceholderTokenAsync(SluiceStack stack)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(stack.ServerDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Testing.Ports.Free()}");
        start.Environment["Sluice__Storage__ConnectionString"] = stack.Storage;
        start.Environment["Sluice__Admin__Tokens__local"] = "replace-with-at-least-24-random-characters";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var said = await output + await errors;
        var named = said.Contains("Sluice:Admin:Tokens:local looks like a placeholder", StringComparison.Ordinal);
        return new AttackResult("4. placeholder admin token", "start a Server with local.settings.json.example's admin token",
            $"exit code {process.ExitCode}; {(named ? "names the setting and the placeholder" : "no clear message")}", process.ExitCode != 0 && named);
    }

    public static async Task<AttackResult> UnknownTenantFloodAsync(SluiceStack stack)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        using var walker = Attacker.From(stack.Address);
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (_, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new("Bearer", ApiKey.Create(TenantIds.New()).Value);
            using var response = await walker.SendAsync(request, ct);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
        });
        var held = statuses.GetValueOrDefault(401) <= 40 && statuses.GetValueOrDefault(429) >= 460;
        return new AttackResult("5. unknown-tenant walk", "500 keys of made-up tenants (a storage read each), 50 at a time",
            ProbeAttacks.Tally(statuses), held);
    }

    public static async Task<AttackResult> TimingOracleAsync(SluiceStack stack, string key)
    {
        var wrongSecret = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');
        var unknown = await MedianAsync(stack, () => ApiKey.Create(TenantIds.New()).Value);
        var wrong = await MedianAsync(stack, () => wrongSecret);
        var gap = Math.Abs(unknown - wrong);
        return new AttackResult("5. timing oracle", "15 unknown tenants, 15 wrong secrets of a real tenant (median of each)",
            $"unknown tenant {unknown:F0} ms, wrong secret {wrong:F0} ms", gap < 25 && Math.Min(unknown, wrong) >= 95);
    }

    public static async Task<AttackResult> NonBearerAsync(SluiceStack stack, string key)
    {
        using var client = Attacker.From(stack.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", key);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new AttackResult("7. key without Bearer", "Authorization: <a real key>, no scheme",
            $"{(int)response.StatusCode} {(body.Contains("malformed-key", StringComparison.Ordinal) ? "malformed-key" : body)}",
            response.StatusCode == HttpStatusCode.Unauthorized && body.Contains("malformed-key", StringComparison.Ordinal));
    }

    private static async Task<double> MedianAsync(SluiceStack stack, Func<string> presented)
    {
        // A fresh address, so the failed-credential limit (20) is not what is timed.
        using var client = Attacker.From(stack.Address);
        var times = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new("Bearer", presented());
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(times.Count / 2);
    }
}
