using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Sluice.Admin;
using Sluice.Billing;
using Sluice.Tenants;

namespace Sluice.Server.Tests.Admin;

/// <summary>
/// A tenant exported from one deployment and imported into another (two table prefixes on the run's Azurite): its
/// 10,000 events, keys, audit trail, usage and billing link read back the same through the API and MCP; an import cut
/// off half-way and run again gives the same result; a truncated or tampered stream is refused, naming its line.
/// </summary>
public class TenantTransferTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    private const int Events = 10_000;

    [Fact]
    public async Task A_tenant_makes_the_round_trip_and_reads_back_the_same_through_the_API_and_MCP()
    {
        await using var source = await StartHostAsync();
        var (tenantId, key, export) = await PopulatedExportAsync(source);
        await using var target = await SluiceHost.StartAsync(Storage, AzuriteFixture.NewTablePrefix());

        using (var imported = await ImportAsync(target, export))
        {
            var summary = await AdminCalls.ExpectAsync(HttpStatusCode.OK, imported);
            Assert.Equal(tenantId, summary.GetProperty("tenantId").GetString());
            Assert.Equal(2 * Events, summary.GetProperty("rows").GetProperty("events").GetInt32()); // each event's log row and guard
        }

        await AssertSameAsync(source, target, tenantId, key);
        Assert.Contains("tenant.imported", await AuditActionsAsync(target, tenantId));
    }

    [Fact]
    public async Task An_import_cut_off_half_way_and_run_again_gives_the_same_result_without_duplicates()
    {
        await using var source = await StartHostAsync();
        var (tenantId, key, export) = await PopulatedExportAsync(source);
        var cut = new Cutoff(afterRequests: 40);
        await using var target = await SluiceHost.StartAsync(Storage, AzuriteFixture.NewTablePrefix(), services: s => s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(cut));

        using (var interrupted = await ImportAsync(target, export))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, interrupted.StatusCode);
        }

        // Run again as a client would: while the storage breaker the failures opened is still open, 503 with Retry-After.
        cut.Lifted = true;
        await ImportUntilDoneAsync(target, export);
        await ImportUntilDoneAsync(target, export);

        await AssertSameAsync(source, target, tenantId, key);
    }

    [Fact]
    public async Task A_truncated_or_tampered_stream_is_refused_with_its_first_bad_line_and_nothing_is_written()
    {
        await using var source = await StartHostAsync();
        var tenantId = (await source.CreateTenantAsync("small", "pro")).GetProperty("id").GetString()!;
        var export = await ExportAsync(source, tenantId);
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await using var target = await SluiceHost.StartAsync(Storage, AzuriteFixture.NewTablePrefix());

        var truncated = string.Join('\n', lines[..^1]) + "\n";
        await AssertRefusedAsync(target, truncated, lines.Length, "before its trailer");
        var tenantRow = lines.Single(l => l.Contains("\"rowKey\":\"tenant\"", StringComparison.Ordinal));
        var tampered = string.Join('\n', lines.Select(l => l == tenantRow ? l.Replace("\"value\":\"small\"", "\"value\":\"smaller\"", StringComparison.Ordinal) : l)) + "\n";
        Assert.NotEqual(export, tampered);
        await AssertRefusedAsync(target, tampered, lines.Length, "checksum");
        var foreign = string.Join('\n', lines.Select((l, i) => i == 1 ? l.Replace(tenantId, "t0000000000000", StringComparison.Ordinal) : l)) + "\n";
        await AssertRefusedAsync(target, foreign, 2, "does not belong to tenant");
        await AssertRefusedAsync(target, "not json\n" + export, 1, "not a line of an export");

        using var missing = await target.Admin.GetAsync($"/api/admin/tenants/{tenantId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<(string TenantId, string Key, string Export)> PopulatedExportAsync(SluiceHost source)
    {
        using var tenant = await source.TenantClientAsync("team", rateLimitOverride: 1_000_000);
        var tenantId = (await tenant.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetString()!;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async lane =>
        {
            for (var batch = lane; batch < Events / 100; batch += 8)
            {
                var events = Enumerable.Range(batch * 100, 100).Select(i => new { id = $"e-{i:D5}", type = i % 3 == 0 ? "order.created" : "order.paid", payload = new { n = i, note = "ünïcode ✓" } });
                using var sent = await tenant.PostAsJsonAsync("/api/events", new { events }, Ct);
                Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            }
        }));
        await tenant.WaitForProcessedAsync(Events);
        var readOnlyKey = await source.IssueKeyAsync(tenantId, "read");
        using (var patched = await source.Admin.PatchAsJsonAsync($"/api/admin/tenants/{tenantId}", new { retentionDaysOverride = 45 }, Ct))
        {
            patched.EnsureSuccessStatusCode();
        }

        var customer = $"cus_transfer{Guid.NewGuid():N}"[..24];
        await source.Services.GetRequiredService<CustomerLinks>().LinkAsync(customer, tenantId, Ct);
        await source.Services.GetRequiredService<TenantAdministration>().ChangeBillingAsync("stripe", tenantId, "billing.linked", t => t with { Billing = TenantBilling.Linked(customer) }, Ct);
        return (tenantId, readOnlyKey, await ExportAsync(source, tenantId));
    }

    private static async Task<string> ExportAsync(SluiceHost host, string tenantId)
    {
        using var response = await host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/export", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(TenantTransferApi.MediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static Task<HttpResponseMessage> ImportAsync(SluiceHost host, string export)
    {
        var content = new StringContent(export, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(TenantTransferApi.MediaType);
        return host.Admin.PostAsync("/api/admin/tenants/import", content, Ct);
    }

    /// <summary>Imports as a client would: after a 503 (storage still refused, or its breaker still open), again after Retry-After.</summary>
    private static async Task ImportUntilDoneAsync(SluiceHost host, string export)
    {
        var deadline = DateTimeOffset.UtcNow + LoadedMachine.Patience;
        while (true)
        {
            using var response = await ImportAsync(host, export);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(DateTimeOffset.UtcNow < deadline, "the import never completed once storage came back");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), Ct);
        }
    }

    private static async Task AssertRefusedAsync(SluiceHost host, string export, int line, string why)
    {
        using var refused = await ImportAsync(host, export);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.InvalidExport, refused);
        Assert.Equal(line, problem.GetProperty("line").GetInt32());
        Assert.Contains(why, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Both deployments answer the same for the tenant: its view, usage, whole log, audit trail, and MCP's tools.</summary>
    private static async Task AssertSameAsync(SluiceHost source, SluiceHost target, string tenantId, string key)
    {
        foreach (var path in new[] { $"/api/admin/tenants/{tenantId}", $"/api/admin/tenants/{tenantId}/keys" })
        {
            Assert.Equal(await source.Admin.GetStringAsync(path, Ct), await target.Admin.GetStringAsync(path, Ct));
        }

        Assert.Equal(
            (await AuditActionsAsync(source, tenantId)).Where(a => a != "tenant.imported"),
            (await AuditActionsAsync(target, tenantId)).Where(a => a != "tenant.imported"));
        using var before = source.WithKey(key);
        using var after = target.WithKey(key);
        Assert.Equal(await before.GetStringAsync("/api/me", Ct), await after.GetStringAsync("/api/me", Ct));
        Assert.Equal(await before.GetStringAsync("/api/usage", Ct), await after.GetStringAsync("/api/usage", Ct));
        var log = await after.ListAllAsync();
        Assert.Equal(Events, log.Count);
        Assert.Equal((await before.ListAllAsync()).Select(e => e.GetRawText()), log.Select(e => e.GetRawText()));

        await using var mcpBefore = await source.ConnectAsync(key, null);
        await using var mcpAfter = await target.ConnectAsync(key, null);
        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[] { ("get_usage", []), ("recent_events", new() { ["limit"] = 50 }), ("search_events", new() { ["type"] = "order.created", ["limit"] = 100 }) })
        {
            var a = await mcpBefore.CallToolAsync(tool, arguments, cancellationToken: Ct);
            var b = await mcpAfter.CallToolAsync(tool, arguments, cancellationToken: Ct);
            Assert.Equal(JsonSerializer.Serialize(a.StructuredContent), JsonSerializer.Serialize(b.StructuredContent));
        }
    }

    private static async Task<List<string>> AuditActionsAsync(SluiceHost host, string tenantId)
    {
        using var response = await host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/audit?limit=200", Ct);
        return (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response)).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()!).ToList();
    }

    /// <summary>Fails every storage write after the first <c>afterRequests</c>, until lifted: an import cut off half-way.</summary>
    private sealed class Cutoff(int afterRequests) : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int _writes;

        public bool Lifted { get; set; }

        public override void OnSendingRequest(Azure.Core.HttpMessage message)
        {
            if (!Lifted && message.Request.Method != Azure.Core.RequestMethod.Get && message.Request.Uri.Path.Contains("$batch", StringComparison.Ordinal)
                && Interlocked.Increment(ref _writes) > afterRequests)
            {
                throw new Azure.RequestFailedException(503, "cut off by the test");
            }
        }
    }
}
