using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Tests;

/// <summary>
/// <c>/health/ready</c> is public and exempt from load shedding, so what a flood of anonymous probes can do to it
/// matters: it must cost storage nothing per probe, keep its answer, and never show an exception's text.
/// </summary>
public class ReadinessTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task A_flood_of_probes_shares_one_run_of_the_checks_and_every_probe_is_told_its_age()
    {
        var probeReads = StorageRequestCounter.TenantReads("t0000000000000");
        await using var host = await StartHostAsync(
            new Dictionary<string, string?> { ["Sluice:Health:BackgroundInterval"] = "01:00:00", ["Sluice:Health:ReadinessMaxAge"] = "00:01:00" },
            s => s.AddSingleton<HttpPipelinePolicy>(probeReads));

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            var seen = new List<(HttpStatusCode Status, string Checked, int AgeMs)>();
            for (var i = 0; i < 5; i++)
            {
                using var response = await host.Client.GetAsync("/health/ready", Ct);
                var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
                seen.Add((response.StatusCode, body.GetProperty("checkedAt").GetString()!, body.GetProperty("ageMs").GetInt32()));
            }

            return seen;
        }, Ct)));

        var all = answers.SelectMany(a => a).ToList();
        Assert.Equal(500, all.Count);
        Assert.All(all, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(all.Select(a => a.Checked).Distinct());
        Assert.All(all, a => Assert.InRange(a.AgeMs, 0, 60_000));
        Assert.Equal(1, probeReads.Count); // 500 probes, one storage read
    }

    [Fact]
    public async Task A_failing_check_says_it_failed_without_the_exception_text()
    {
        const string Secret = "stg-internal-7f3a.corp.example";
        var faults = new FaultPolicy(
            message => Uri.UnescapeDataString(message.Request.Uri.Path).Contains("PartitionKey='t0000000000000'", StringComparison.Ordinal),
            () => new InvalidOperationException($"Could not reach {Secret}: connection refused"), times: int.MaxValue);
        await using var host = await StartHostAsync(
            new Dictionary<string, string?> { ["Sluice:Health:BackgroundInterval"] = "01:00:00" },
            s => s.AddSingleton<HttpPipelinePolicy>(faults));

        using var response = await host.Client.GetAsync("/health/ready", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("connection refused", text, StringComparison.Ordinal);
        var check = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("checks").GetProperty("tenant-validation");
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Equal("The check failed; the instance's log has the error.", check.GetProperty("description").GetString());
    }
}
