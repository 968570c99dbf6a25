using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sluice.Server.Tests;

public class MetricsTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    private const string ScrapeToken = "scrape-Jq7vX2mLp9RtW4zKc8NbY3";

    [Fact]
    public async Task Metrics_need_a_metrics_or_admin_token_even_from_loopback_and_a_metrics_token_opens_nothing_else()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sluice:Metrics:Tokens:prometheus"] = ScrapeToken });

        // Every test request comes from loopback, as every request does behind a proxy on the same host.
        using (var anonymous = await host.Client.GetAsync("/metrics", Ct))
        {
            await ProblemAssert.IsAsync(ProblemTypes.MissingAdminToken, anonymous);
        }

        using var scraper = host.WithKey(ScrapeToken);
        using (var scrape = await scraper.GetAsync("/metrics", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
            Assert.Contains("sluice_", await scrape.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var admin = await scraper.GetAsync("/api/admin/tenants", Ct))
        {
            await ProblemAssert.IsAsync(ProblemTypes.InvalidAdminToken, admin);
        }

        using var adminScrape = await host.Admin.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, adminScrape.StatusCode);
    }

    [Fact]
    public async Task A_placeholder_metrics_token_stops_the_Server_at_start_up()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartHostAsync(new Dictionary<string, string?> { ["Sluice:Metrics:Tokens:prometheus"] = "replace-me-with-a-real-metrics-token" }));
        Assert.Contains("Sluice:Metrics:Tokens:prometheus looks like a placeholder", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_outcomes_by_bounded_labels_and_never_name_a_tenant()
    {
        await using var host = await StartHostAsync();
        using var client = await host.TenantClientAsync();
        var tenantId = (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me", Ct)).GetProperty("id").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("metered", i, id: $"m-{i}");
        }

        using (var invalid = await client.PostAsJsonAsync("/api/events", new { type = "no payload" }, Ct))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        }

        await client.WaitForProcessedAsync(3);
        var text = await host.Admin.GetStringAsync("/metrics", Ct);

        // OpenTelemetry listens to meters by name across the process, and other tests' hosts share this process:
        // counts are at least ours. In production each process hosts one Server.
        Assert.True(Value(text, "sluice_events_accepted_total{otel_scope_name=\"Sluice\"}") >= 3);
        Assert.True(Value(text, "sluice_requests_rejected_total{otel_scope_name=\"Sluice\",reason=\"invalid-events\"}") >= 1);
        Assert.True(Value(text, "sluice_events_processed_total{otel_scope_name=\"Sluice\"}") >= 3);
        Assert.Contains("sluice_storage_circuit_state{otel_scope_name=\"Sluice\",dependency=\"tables\",work=\"requests\"} 0", text);
        Assert.Contains("sluice_storage_circuit_state{otel_scope_name=\"Sluice\",dependency=\"tables\",work=\"processing\"} 0", text);
        Assert.True(Value(text, "sluice_processing_storage_in_flight{otel_scope_name=\"Sluice\"}") >= 0);
        Assert.True(Value(text, "sluice_processing_lag_seconds_count{otel_scope_name=\"Sluice\"}") >= 1);
        Assert.Contains("sluice_ingest_duration_seconds_bucket", text);
        Assert.Contains("http_server_active_requests", text);
        Assert.DoesNotContain(tenantId, text);
    }

    [Fact]
    public async Task The_series_the_runbook_names_exist_before_anything_happens_and_carry_the_service_name()
    {
        await using var host = await StartHostAsync();
        var text = await host.Admin.GetStringAsync("/metrics", Ct);
        var lines = text.Split('\n');

        foreach (var series in new[]
        {
            "sluice_stripe_webhooks_total{otel_scope_name=\"Sluice\",outcome=\"invalid-signature\"}",
            "sluice_stripe_webhooks_total{otel_scope_name=\"Sluice\",outcome=\"stale-signature\"}",
            "sluice_billing_events_total{otel_scope_name=\"Sluice\",result=\"failed\"}",
            "sluice_billing_reconciliations_total{otel_scope_name=\"Sluice\",outcome=\"with-errors\"}",
            "sluice_billing_drift_fixed_total{otel_scope_name=\"Sluice\"}",
            "sluice_messages_dead_lettered_total{otel_scope_name=\"Sluice\"}",
            "sluice_processing_storage_limit_changes_total{otel_scope_name=\"Sluice\",reason=\"latency-over-target\"}",
            "sluice_processing_storage_limit_changes_total{otel_scope_name=\"Sluice\",reason=\"storage-refused\"}",
        })
        {
            Assert.Contains(lines, line => line.StartsWith(series + " ", StringComparison.Ordinal));
        }

        // The adaptive limit's label says why it last changed: "start" only until its first window of idle receives
        // decides, which on a loaded machine can come before this scrape.
        Assert.Contains(lines, line => line.StartsWith("sluice_processing_storage_limit{otel_scope_name=\"Sluice\",last_change=\"", StringComparison.Ordinal));

        Assert.Contains("service_name=\"sluice\"", text);
        Assert.DoesNotContain("unknown_service", text);
    }

    [Fact]
    public async Task Readiness_is_measured_in_the_background_for_alerts_without_anyone_asking()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sluice:Health:BackgroundInterval"] = "00:00:01" });

        // This host's own gauge, read through its meter factory: /metrics in this process also sees the meters of the
        // other tests' hosts, whose readiness runs on their own schedules.
        var meters = host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        host.Services.GetRequiredService<Health.SluiceMetrics>();
        var reported = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "sluice.health.status" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "check")
                {
                    reported[(string)tag.Value!] = value;
                }
            }
        });
        listener.Start();

        var deadline = DateTimeOffset.UtcNow + LoadedMachine.Patience;
        do
        {
            await Task.Delay(500, Ct);
            listener.RecordObservableInstruments();
        }
        while (reported.Count < 3 && DateTimeOffset.UtcNow < deadline);

        Assert.Equal(new Dictionary<string, int> { ["events-queue"] = 0, ["storage"] = 0, ["tenant-validation"] = 0 }, reported.OrderBy(r => r.Key).ToDictionary());
    }

    [Fact]
    public async Task Promtool_accepts_the_exposition()
    {
        await using var host = await StartHostAsync();
        using var client = await host.TenantClientAsync();
        await client.SendAsync("metered", 1);
        await client.WaitForProcessedAsync(1);
        var text = await host.Admin.GetStringAsync("/metrics", Ct);

        // scripts/test installs promtool (Debian's prometheus package).
        var start = new System.Diagnostics.ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = System.Diagnostics.Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var output = await Task.WhenAll(promtool.StandardOutput.ReadToEndAsync(Ct), promtool.StandardError.ReadToEndAsync(Ct));
        await promtool.WaitForExitAsync(Ct);
        Assert.True(promtool.ExitCode == 0, $"promtool check metrics: {output[0]}{output[1]}");
    }

    /// <summary>The series' value, summed: while other tests' hosts are alive, each host's meter reports the series once.</summary>
    private static double Value(string text, string series) =>
        text.Split('\n').Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(series.Length + 1)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
}
