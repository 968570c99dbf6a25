namespace Sluice.Server.Tests;

public class MetricsTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
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
        var text = await host.Client.GetStringAsync("/metrics", Ct);

        // OpenTelemetry listens to meters by name across the process, and other tests' hosts share this process:
        // counts are at least ours. In production each process hosts one Server.
        Assert.True(Value(text, "sluice_events_accepted_total{otel_scope_name=\"Sluice\"}") >= 3);
        Assert.True(Value(text, "sluice_requests_rejected_total{otel_scope_name=\"Sluice\",reason=\"invalid-events\"}") >= 1);
        Assert.True(Value(text, "sluice_events_processed_total{otel_scope_name=\"Sluice\"}") >= 3);
        Assert.Contains("sluice_storage_circuit_state{otel_scope_name=\"Sluice\",dependency=\"tables\"} 0", text);
        Assert.Contains("sluice_ingest_duration_milliseconds_bucket", text);
        Assert.Contains("http_server_active_requests", text);
        Assert.DoesNotContain(tenantId, text);
    }

    /// <summary>The series' value, summed: while other tests' hosts are alive, each host's meter reports the series once.</summary>
    private static double Value(string text, string series) =>
        text.Split('\n').Where(line => line.StartsWith(series + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(series.Length + 1)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
}
