using System.Globalization;
using System.Text;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Attack;

/// <summary>
/// <c>bench/attack</c>: what someone with no credentials can still cost or break, tried against the Server
/// (Release, its own process, the shipped limits) from loopback addresses of their own. Each attack names what it
/// tried, what the Server did and whether the defence held. Prints one table, writes it to bench/results/attack.md,
/// and exits 1 if any defence failed.
/// </summary>
public static class AttackSuite
{
    public static async Task<int> RunAsync()
    {
        var started = DateTimeOffset.UtcNow;
        await using var stack = await SluiceStack.StartAsync(new Dictionary<string, string>
        {
            // The shipped limits, which the other suites raise because they send bad credentials on purpose.
            ["Sluice__Auth__FailedAttemptsBurst"] = "20",
            ["Sluice__Auth__FailedAttemptsPerMinute"] = "20",
            // Everything the Server could log, so that a leak would show.
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        });
        var (_, key) = await stack.CreateTenantAsync("victim");
        Console.WriteLine($"Attacking {stack.Address}...");

        var results = new List<AttackResult>
        {
            await ProbeAttacks.ReadinessFloodAsync(stack),
            await ProbeAttacks.MetricsFromLoopbackAsync(stack),
            await WebhookAttacks.SignatureStuffingAsync(stack),
            await WebhookAttacks.StaleProbeAsync(stack),
            await CredentialAttacks.AdminBruteForceAsync(stack),
            await CredentialAttacks.PlaceholderTokenAsync(stack),
            await CredentialAttacks.UnknownTenantFloodAsync(stack),
            await CredentialAttacks.TimingOracleAsync(stack, key),
            await ConnectionAttacks.SlowHeadersAsync(stack),
            await CredentialAttacks.NonBearerAsync(stack, key),
            await ConnectionAttacks.QueryStringLogAsync(stack, key),
            await ProbeAttacks.ResponseHeadersAsync(stack, key),
        };

        using var victim = stack.ClientWithKey(key);
        using var stillServed = await victim.GetAsync("/api/me");
        results.Add(new AttackResult("afterwards", "the victim tenant's key, from the Server's own address", $"{(int)stillServed.StatusCode}", stillServed.IsSuccessStatusCode));

        await ResultFiles.WriteAsync("attack.md", Markdown(started, results));
        return results.All(r => r.Held) ? 0 : 1;
    }

    private static string Markdown(DateTimeOffset started, IReadOnlyList<AttackResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Attack suite, {started:yyyy-MM-dd HH:mm} UTC (`bench/attack`): {results.Count(r => r.Held)} of {results.Count} held.");
        text.AppendLine();
        text.AppendLine("| attack | tried | observed | held |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Tried} | {r.Observed} | {(r.Held ? "yes" : "**NO**")} |");
        }

        return text.ToString();
    }
}
