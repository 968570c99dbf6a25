using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Fuzz;

/// <summary>
/// <c>bench/fuzz</c>: thousands of generated bad requests across every endpoint, 16 at a time, against the Server
/// (Release) in its own process. Every answer must be a 4xx with problem+json (a JSON-RPC error inside /mcp), or a
/// 2xx that reveals nothing where the request was a legitimate read. Afterwards the Server must still be running,
/// the victim's events, session and plan untouched, and the attacker's log empty. Prints one table and writes it to
/// bench/results/fuzz.md.
/// </summary>
public static class FuzzSuite
{
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string> options)
    {
        var count = int.Parse(options.GetValueOrDefault("count", "10000"), CultureInfo.InvariantCulture);
        var seed = int.Parse(options.GetValueOrDefault("seed", $"{Random.Shared.Next(1_000_000)}"), CultureInfo.InvariantCulture);
        var started = DateTimeOffset.UtcNow;
        // Storage calls get 10 s, not production's 2 s: the fuzz runs in the test command on a machine that may be
        // busy, and a 503 because storage was slow (a correct answer) is not what it looks for.
        await using var stack = await SluiceStack.StartAsync(new Dictionary<string, string> { ["Sluice__Storage__CallTimeout"] = "00:00:10" });
        var targets = await FuzzTargets.PrepareAsync(stack);
        var victimPlan = await PlanAsync(stack, targets.VictimTenant);
        var gen = new Gen(seed);
        var families = IngestCases.All(gen, targets).Concat(AccessCases.All(gen, targets)).Concat(ReadCases.All(gen, targets))
            .Concat(McpCases.All(gen, targets)).Concat(WebhookCases.All(gen, targets)).Concat(AdminCases.All(gen, targets)).ToArray();
        var tallies = families.ToDictionary(f => f.Family, f => new FamilyTally(f.Family));
        Console.WriteLine($"Fuzzing {stack.Address} with {count:N0} requests from {families.Length} families (seed {seed})...");

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = stack.Address, Timeout = TimeSpan.FromSeconds(30) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, _) =>
        {
            var family = families[n % families.Length];
            HttpRequestMessage? request;
            byte[]? raw;
            lock (gen)
            {
                request = family.Request?.Invoke();
                raw = family.Raw?.Invoke();
            }

            var (status, contentType, body, described) = request is not null ? await SendAsync(client, request) : await SendRawAsync(stack.Address, raw!);
            var mcp = described.Contains(" /mcp", StringComparison.Ordinal);
            tallies[family.Family].Add(Verdicts.Of(family, mcp, status, contentType, body, targets.Marker), status, described, body);
        });
        var took = clock.Elapsed;

        var checks = await AfterwardsAsync(stack, targets, victimPlan);
        var report = Markdown(started, took, count, seed, tallies.Values.ToList(), checks);
        await ResultFiles.WriteAsync("fuzz.md", report);
        var findings = tallies.Values.Sum(t => t[Verdict.ServerError] + t[Verdict.NotProblemJson] + t[Verdict.CrossTenant] + t[Verdict.AcceptedBadInput]);
        return findings == 0 && checks.All(c => c.Held) ? 0 : 1;
    }

    private static async Task<(int Status, string ContentType, string Body, string Described)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var described = $"{request.Method} {Shorten(request.RequestUri!.OriginalString)}";
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "", body, described);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (0, "", e.Message, described);
            }
        }
    }

    private static async Task<(int Status, string ContentType, string Body, string Described)> SendRawAsync(Uri server, byte[] bytes)
    {
        var described = Shorten(Encoding.Latin1.GetString(bytes).Split("\r\n")[0]);
        try
        {
            var (status, contentType, body) = await RawHttp.SendAsync(server, bytes);
            return (status, contentType, body, described);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return (0, "", e.Message, described);
        }
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    private static async Task<List<(string What, bool Held, string Detail)>> AfterwardsAsync(SluiceStack stack, FuzzTargets targets, string? victimPlan)
    {
        await Drain.WaitAsync(stack, TimeSpan.FromSeconds(60));
        var checks = new List<(string, bool, string)>();
        var alive = !stack.Server!.HasExited && (await stack.Admin.GetAsync("/health/live")).IsSuccessStatusCode;
        checks.Add(("Server process still up, /health/live 200", alive, string.Create(CultureInfo.InvariantCulture, $"RSS {stack.Server.RssMiB():F0} MiB, peak {stack.Server.PeakRssMiB():F0} MiB")));

        using var victim = stack.ClientWithKey(targets.VictimKey);
        var events = await victim.GetFromJsonAsync<JsonElement>("/api/events?limit=100");
        var kept = events.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("payload").GetRawText().Contains(targets.Marker, StringComparison.Ordinal));
        checks.Add(("victim's events all there", kept == FuzzTargets.VictimEvents, $"{kept} of {FuzzTargets.VictimEvents}"));

        using var sessionCheck = McpRequests.Post(McpRequests.ListTools, McpRequests.SessionRevision, targets.VictimSession);
        using var sessionAnswer = await victim.SendAsync(sessionCheck);
        checks.Add(("victim's MCP session still works", sessionAnswer.IsSuccessStatusCode, $"tools/list → {(int)sessionAnswer.StatusCode}"));

        var plan = await PlanAsync(stack, targets.VictimTenant);
        checks.Add(("victim's plan unchanged by forged webhooks", plan == victimPlan, $"{victimPlan} → {plan}"));

        using var attacker = stack.ClientWithKey(targets.AttackerKey);
        var logged = (await attacker.GetFromJsonAsync<JsonElement>("/api/events?limit=100")).GetProperty("items").GetArrayLength();
        checks.Add(("nothing of the attacker's bad input in its log", logged == 0, $"{logged} events"));
        return checks;
    }

    private static async Task<string?> PlanAsync(SluiceStack stack, string tenantId) =>
        (await stack.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/tenants/{tenantId}")).GetProperty("plan").GetString();

    private static string Markdown(DateTimeOffset started, TimeSpan took, int count, int seed, IReadOnlyList<FamilyTally> tallies, IReadOnlyList<(string What, bool Held, string Detail)> checks)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(culture, $"Run {started:yyyy-MM-dd HH:mm} UTC, `bench/fuzz --count {count} --seed {seed}`, {Environment.ProcessorCount} cores, {took.TotalSeconds:F0} s ({count / took.TotalSeconds:N0} requests/s, 16 at a time).");
        text.AppendLine();
        text.AppendLine("| family | requests | answers | refused (problem+json / JSON-RPC) | 2xx allowed | bad input accepted | 5xx | error not problem+json | cross-tenant |");
        text.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in tallies)
        {
            text.AppendLine(culture, $"| {t.Family} | {t.Requests:N0} | {t.Statuses} | {t[Verdict.Refused]:N0} | {t[Verdict.Answered]:N0} | {t[Verdict.AcceptedBadInput]} | {t[Verdict.ServerError]} | {t[Verdict.NotProblemJson]} | {t[Verdict.CrossTenant]} |");
        }

        text.AppendLine(culture, $"| **all** | **{tallies.Sum(t => t.Requests):N0}** | | **{tallies.Sum(t => t[Verdict.Refused]):N0}** | **{tallies.Sum(t => t[Verdict.Answered]):N0}** | **{tallies.Sum(t => t[Verdict.AcceptedBadInput])}** | **{tallies.Sum(t => t[Verdict.ServerError])}** | **{tallies.Sum(t => t[Verdict.NotProblemJson])}** | **{tallies.Sum(t => t[Verdict.CrossTenant])}** |");
        text.AppendLine();
        foreach (var (what, held, detail) in checks)
        {
            text.AppendLine(culture, $"- {(held ? "held" : "**FAILED**")}: {what} ({detail})");
        }

        foreach (var finding in tallies.SelectMany(t => t.Findings))
        {
            text.AppendLine(culture, $"- finding: `{finding.ReplaceLineEndings(" ")}`");
        }

        return text.ToString();
    }
}
