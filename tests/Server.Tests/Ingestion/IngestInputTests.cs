using System.Text;

namespace Sluice.Server.Tests.Ingestion;

/// <summary>Every bad input to <c>POST /api/events</c> gets its own problem, and none of it is accepted.</summary>
public class IngestInputTests(ServerFixture server) : ServerTests(server)
{
    [Theory]
    [InlineData("{\"type\":\"a\",\"payload\":")]
    [InlineData("not json at all")]
    [InlineData("[{\"type\":\"a\",\"payload\":1}]")]
    [InlineData("")]
    public async Task Malformed_json_is_400(string body)
    {
        var (client, _) = await TenantAsync();
        using var response = await client.PostAsync("/api/events", Json(body), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedJson, response);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    public async Task Invalid_UTF8_inside_a_string_is_400_not_500(byte[] bad)
    {
        var (client, _) = await TenantAsync();
        using var content = new ByteArrayContent([.. "{\"type\":\"a"u8, .. bad, .. "\",\"payload\":{}}"u8]);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync("/api/events", content, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedJson, response);
    }

    [Fact]
    public async Task Not_json_is_415()
    {
        var (client, _) = await TenantAsync();
        using var response = await client.PostAsync("/api/events", new StringContent("type=a&payload=1", Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.UnsupportedMediaType, response);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var (client, _) = await TenantAsync();
        var body = $$"""{"type":"a","payload":"{{new string('x', 1024 * 1024)}}"}""";
        using var response = await client.PostAsync("/api/events", Json(body), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.PayloadTooLarge, response);
    }

    public static TheoryData<string, string> InvalidEvents => new()
    {
        { """{"payload":1}""", "type" },
        { """{"type":"a"}""", "payload" },
        { """{"type":"","payload":1}""", "type" },
        { """{"type":"has space","payload":1}""", "type" },
        { """{"type":7,"payload":1}""", "type" },
        { $$"""{"type":"{{new string('t', 101)}}","payload":1}""", "type" },
        { """{"type":"a","payload":1,"id":"bad/id"}""", "id" },
        { """{"type":"a","payload":1,"id":""}""", "id" },
        { $$"""{"type":"a","payload":1,"id":"{{new string('i', 101)}}"}""", "id" },
        { """{"type":"a","payload":1,"occurredAt":"yesterday"}""", "occurredAt" },
        { """{"type":"a","payload":1,"occurredAt":"2026-11-23T10:00:00"}""", "occurredAt" },
        { """{"type":"a","payload":1,"occurredAt":"2099-01-01T00:00:00Z"}""", "occurredAt" },
        { """{"type":"a","payload":1,"tenantId":"t0000000000000"}""", "tenantId" },
        { $$"""{"type":"a","payload":"{{new string('p', 300 * 1024)}}"}""", "payload" },
        { """{"events":[]}""", "events" },
        { """{"events":{"type":"a","payload":1}}""", "events" },
        { """{"events":[1]}""", "events[0]" },
        { """{"events":[{"type":"a","payload":1,"id":"x"},{"type":"b","payload":2,"id":"x"}]}""", "events[1].id" },
        { """{"events":[{"type":"a","payload":1}],"type":"b"}""", "type" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task Invalid_events_are_422_naming_the_field(string body, string field)
    {
        var (client, _) = await TenantAsync();
        using var response = await client.PostAsync("/api/events", Json(body), Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.InvalidEvents, response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task More_than_a_hundred_events_is_422()
    {
        var (client, _) = await TenantAsync();
        var events = Enumerable.Range(0, 101).Select(i => new { type = "a", payload = i });
        using var response = await client.PostAsJsonAsync("/api/events", new { events }, Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.InvalidEvents, response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("events", out _));
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_accepts_none_of_them()
    {
        var (client, reader) = await TenantAsync();
        var body = """{"events":[{"type":"good","payload":1,"id":"g1"},{"type":"good","payload":2,"id":"g2"},{"type":"bad one","payload":3,"id":"g3"}]}""";

        using var response = await client.PostAsync("/api/events", Json(body), Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.InvalidEvents, response);
        Assert.Equal(["events[2].type"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));

        // Nothing was counted against the tenant's budget, and nothing reaches its log.
        using var usage = await reader.GetAsync("/api/usage", Ct);
        Assert.Equal(0, (await AdminCalls.ExpectAsync(HttpStatusCode.OK, usage)).GetProperty("accepted").GetInt64());
        await Task.Delay(500, Ct);
        Assert.Empty(await reader.ListAllAsync());
    }

    [Fact]
    public async Task A_read_only_key_cannot_send_and_no_key_is_401()
    {
        var (_, readKey) = await Host.TenantWithKeyAsync("read");
        using var reader = Host.WithKey(readKey);
        using var refused = await reader.PostAsync("/api/events", Json("""{"type":"a","payload":1}"""), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.InsufficientScope, refused);

        using var anonymous = await Host.Client.PostAsync("/api/events", Json("""{"type":"a","payload":1}"""), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MissingKey, anonymous);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A new tenant: a client with an ingest key and one with a read key.</summary>
    private async Task<(HttpClient Ingest, HttpClient Read)> TenantAsync()
    {
        var (tenantId, ingestKey) = await Host.TenantWithKeyAsync("ingest");
        var readKey = await Host.IssueKeyAsync(tenantId, "read");
        return (Host.WithKey(ingestKey), Host.WithKey(readKey));
    }
}
