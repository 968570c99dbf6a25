using System.Text.Json;

namespace Sluice.Server.Tests.Mcp;

/// <summary>What no well-behaved client sends: each gets a clear answer (problem+json at the HTTP level, a JSON-RPC error inside MCP), never a 5xx.</summary>
public class McpBadInputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SluiceHost Host => server.Host;

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("{not json", "2025-11-25")]
    [InlineData("{not json", McpCalls.Current)]
    [InlineData("[]", null)]
    [InlineData("\"just a string\"", null)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":42}", null)]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}", null)]
    public async Task A_malformed_JSON_RPC_body_gets_a_JSON_RPC_error(string body, string? revision)
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        using var response = await Host.WithKey(key).PostRawAsync(body, protocolVersion: revision);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal("2.0", error.GetProperty("jsonrpc").GetString());
        Assert.True(error.GetProperty("error").GetProperty("code").GetInt32() < 0, text);
    }

    [Fact]
    public async Task A_body_that_is_not_UTF8_is_a_parse_error()
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        var client = Host.WithKey(key);
        var session = await client.InitializeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new ByteArrayContent([.. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_"u8, 0xC3, 0x28, .. "\"}}"u8]),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("Mcp-Session-Id", session);
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32700, JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("\"search_events\"")]
    [InlineData("{\"name\":{\"a\":1}}")]
    [InlineData("{\"name\":5}")]
    [InlineData("{\"name\":\"get_event\",\"arguments\":[1,2]}")]
    [InlineData("{\"arguments\":{}}")]
    [InlineData("null")]
    public async Task Tool_call_params_of_the_wrong_shape_are_invalid_params_not_an_internal_error(string parameters)
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        var client = Host.WithKey(key);
        var session = await client.InitializeAsync();
        using var response = await client.PostRawAsync($"{{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{parameters}}}", session);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(9, error.GetProperty("id").GetInt32());
        Assert.Equal(-32602, error.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("{\"jsonrpc\":2,\"id\":1,\"method\":\"tools/list\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"tools/list\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\"search_events\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":5}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_event\",\"arguments\":[1,2]}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":5}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":[]}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such/method\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")]
    public async Task A_wrongly_shaped_message_gets_a_JSON_RPC_error_never_a_5xx(string body)
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        using var response = await Host.WithKey(key).PostRawAsync(body, protocolVersion: null);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted || text.Contains("\"error\"", StringComparison.Ordinal), $"{(int)response.StatusCode}: {text}");
    }

    [Theory]
    [InlineData("Accept", "*/*")]
    [InlineData("Accept", ";;;,,,=")]
    [InlineData("Accept", "text/event-stream")]
    [InlineData("MCP-Protocol-Version", "2026-07-28")]
    [InlineData("MCP-Protocol-Version", "2099-01-01")]
    [InlineData("MCP-Protocol-Version", "")]
    [InlineData("Mcp-Method", "tools/call")]
    [InlineData("Mcp-Session-Id", "")]
    [InlineData("Mcp-Session-Id", "s0000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_strange_header_never_gets_a_5xx(string header, string value)
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(McpCalls.ListTools, System.Text.Encoding.UTF8, "application/json") };
        if (header != "Accept")
        {
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        }

        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await Host.WithKey(key).SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text}");
        Assert.True(response.IsSuccessStatusCode || text.Contains("\"error\"", StringComparison.Ordinal) || text.Contains("urn:sluice:problem:", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_malformed_body_inside_a_session_is_an_error_and_the_session_survives()
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        var client = Host.WithKey(key);
        var session = await client.InitializeAsync();

        using var bad = await client.PostRawAsync("{\"jsonrpc\":", session);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var good = await client.PostRawAsync(McpCalls.ListTools, session);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Theory]
    [InlineData("1999-01-01")]
    [InlineData("2025-13-45")]
    [InlineData("latest")]
    public async Task An_unsupported_protocol_version_gets_400(string version)
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        using var response = await Host.WithKey(key).PostRawAsync(McpCalls.ListTools, protocolVersion: version);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(version, text);
        Assert.Equal(-32022, JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Keys_are_checked_before_anything_else()
    {
        var (_, ingestOnly) = await Host.TenantWithKeyAsync("ingest");
        using var none = await Host.Client.PostRawAsync(McpCalls.ListTools);
        await ProblemAssert.IsAsync(ProblemTypes.MissingKey, none);
        using var unknown = await Host.WithKey("sk_live_notarealkey").PostRawAsync(McpCalls.ListTools);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedKey, unknown);
        using var wrongScope = await Host.WithKey(ingestOnly).PostRawAsync(McpCalls.ListTools);
        await ProblemAssert.IsAsync(ProblemTypes.InsufficientScope, wrongScope);
    }

    [Fact]
    public async Task Bad_HTTP_gets_problem_json()
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        var client = Host.WithKey(key);

        using var text = await client.PostRawAsync(McpCalls.ListTools, contentType: "text/plain");
        await ProblemAssert.IsAsync(ProblemTypes.UnsupportedMediaType, text);

        var huge = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = "search_events", arguments = new { text = new string('x', 300_000) } } });
        using var tooLarge = await client.PostRawAsync(huge);
        await ProblemAssert.IsAsync(ProblemTypes.PayloadTooLarge, tooLarge);

        using var get = await client.GetAsync("/mcp", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MethodNotAllowed, get);
        Assert.Equal("POST, DELETE", get.Content.Headers.Allow.Count > 0 ? string.Join(", ", get.Content.Headers.Allow) : get.Headers.GetValues("Allow").Single());

        using var put = await client.PutAsync("/mcp", new StringContent("{}"), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MethodNotAllowed, put);

        using var deleteWithoutSession = await client.DeleteAsync("/mcp", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.SessionRequired, deleteWithoutSession);

        var current = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        current.Headers.Add("MCP-Protocol-Version", McpCalls.Current);
        using var deleteCurrent = await client.SendAsync(current, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MethodNotAllowed, deleteCurrent);
    }

    [Fact]
    public async Task A_session_revision_request_without_a_session_is_served_statelessly()
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        using var response = await Host.WithKey(key).PostRawAsync(McpCalls.ListTools, protocolVersion: "2025-06-18");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        Assert.Contains("recent_events", await response.Content.ReadAsStringAsync(Ct));
    }
}
