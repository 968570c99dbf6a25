using System.Text.Json;

namespace Sluice.Server.Tests.Ingestion;

/// <summary>Accepted events reach the log intact and read back newest first, filtered and paged, per tenant.</summary>
public class IngestFlowTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task A_single_event_is_accepted_then_readable_exactly_as_sent()
    {
        using var client = await Host.TenantClientAsync();
        using var response = await client.PostAsJsonAsync("/api/events",
            new { type = "build.finished", payload = new { ok = true, ms = 1234, tags = new[] { "ci", "é✓" } }, occurredAt = "2026-11-20T08:00:00+02:00" }, Ct);
        var accepted = await AdminCalls.ExpectAsync(HttpStatusCode.Accepted, response);
        var id = accepted.GetProperty("ids")[0].GetString()!;

        Assert.Equal(1, accepted.GetProperty("accepted").GetInt32());
        Assert.StartsWith("e", id);
        Assert.Equal("1000", response.Headers.GetValues("RateLimit-Limit").Single());

        var stored = await client.WaitForEventAsync(id);
        Assert.Equal("build.finished", stored.GetProperty("type").GetString());
        Assert.Equal("""{"ok":true,"ms":1234,"tags":["ci","é✓"]}""", stored.GetProperty("payload").GetRawText());
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T06:00:00Z"), stored.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_batch_is_accepted_whole_and_keeps_client_ids()
    {
        using var client = await Host.TenantClientAsync();
        var events = Enumerable.Range(0, 100).Select(i => new { id = $"batch-{i}", type = "step", payload = i }).ToArray();
        using var response = await client.PostAsJsonAsync("/api/events", new { events }, Ct);
        var accepted = await AdminCalls.ExpectAsync(HttpStatusCode.Accepted, response);

        Assert.Equal(events.Select(e => e.id), accepted.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        await client.WaitForProcessedAsync(100);
        Assert.Equal(100, (await client.ListAllAsync()).Count);
    }

    [Fact]
    public async Task Large_payloads_travel_through_a_blob_and_arrive_intact()
    {
        using var client = await Host.TenantClientAsync();
        var big = string.Concat(Enumerable.Range(0, 200 * 1024 / 16).Select(i => $"{i:D15}-"));
        var events = Enumerable.Range(0, 3).Select(i => new { id = $"big-{i}", type = "blob", payload = new { i, big } }).ToArray();
        using var response = await client.PostAsJsonAsync("/api/events", new { events }, Ct);
        await AdminCalls.ExpectAsync(HttpStatusCode.Accepted, response);

        foreach (var e in events)
        {
            var stored = await client.WaitForEventAsync(e.id);
            Assert.Equal(big, stored.GetProperty("payload").GetProperty("big").GetString());
        }
    }

    [Fact]
    public async Task Reading_back_is_newest_first_filtered_and_paged_without_gaps_or_repeats()
    {
        using var client = await Host.TenantClientAsync();
        var sent = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            sent.Add(await client.SendAsync(i % 3 == 0 ? "deploy" : "test", new { i }, id: $"ev-{i:D2}"));
        }

        await client.WaitForProcessedAsync(30);
        var all = await client.ListAllAsync();
        Assert.Equal(Enumerable.Reverse(sent), all.Select(e => e.GetProperty("id").GetString()));

        var paged = new List<string>();
        string? continuation = null;
        do
        {
            using var page = await client.GetAsync($"/api/events?limit=7{(continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation))}", Ct);
            var body = await AdminCalls.ExpectAsync(HttpStatusCode.OK, page);
            paged.AddRange(body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            continuation = body.GetProperty("continuation").GetString();
        }
        while (continuation is not null);
        Assert.Equal(Enumerable.Reverse(sent), paged);

        var deploys = await client.ListAllAsync("&type=deploy");
        Assert.Equal(10, deploys.Count);
        Assert.All(deploys, e => Assert.Equal("deploy", e.GetProperty("type").GetString()));

        var middle = all[10].GetProperty("receivedAt").GetDateTimeOffset();
        var older = await client.ListAllAsync($"&until={Uri.EscapeDataString(middle.ToString("O"))}");
        Assert.All(older, e => Assert.True(e.GetProperty("receivedAt").GetDateTimeOffset() <= middle));
        var newer = await client.ListAllAsync($"&from={Uri.EscapeDataString(middle.ToString("O"))}");
        Assert.All(newer, e => Assert.True(e.GetProperty("receivedAt").GetDateTimeOffset() >= middle));
        Assert.True(older.Count + newer.Count >= 30);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=500")]
    [InlineData("from=yesterday")]
    [InlineData("type=has%20space")]
    [InlineData("continuation=%%%")]
    [InlineData("continuation=bm90LWEtY3Vyc29y")]
    [InlineData("from=2026-06-01T00:00:00Z&until=2026-01-01T00:00:00Z")]
    public async Task Bad_read_parameters_are_400(string query)
    {
        using var client = await Host.TenantClientAsync();
        using var response = await client.GetAsync($"/api/events?{query}", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedRequest, response);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_events()
    {
        using var alice = await Host.TenantClientAsync();
        using var bob = await Host.TenantClientAsync();
        var aliceEvent = await alice.SendAsync("secret", new { owner = "alice" }, id: "shared-id");
        var bobEvent = await bob.SendAsync("secret", new { owner = "bob" }, id: "shared-id");
        Assert.Equal(aliceEvent, bobEvent);

        Assert.Equal("alice", (await alice.WaitForEventAsync("shared-id")).GetProperty("payload").GetProperty("owner").GetString());
        Assert.Equal("bob", (await bob.WaitForEventAsync("shared-id")).GetProperty("payload").GetProperty("owner").GetString());
        var bobOnly = await bob.SendAsync("private", new { owner = "bob" });
        await bob.WaitForEventAsync(bobOnly);

        using var probe = await alice.GetAsync($"/api/events/{bobOnly}", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.EventNotFound, probe);
        var aliceLog = await alice.ListAllAsync();
        Assert.Equal(["alice"], aliceLog.Select(e => e.GetProperty("payload").GetProperty("owner").GetString()));
    }

    [Fact]
    public async Task An_unknown_event_id_is_404()
    {
        using var client = await Host.TenantClientAsync();
        using var missing = await client.GetAsync("/api/events/never-sent", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.EventNotFound, missing);
        using var malformed = await client.GetAsync("/api/events/bad%20id", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.EventNotFound, malformed);
    }
}
