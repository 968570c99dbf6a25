using Sluice.Bench.Harness;

namespace Sluice.Bench.Fuzz;

/// <summary>
/// <c>/mcp</c>: malformed JSON-RPC, someone else's or made-up session ids and versions, and tool calls with bad
/// arguments or naming the victim's events. Errors here may be JSON-RPC errors (the protocol's own), not problem+json.
/// </summary>
public static class McpCases
{
    private static readonly string[] WrongShapes =
    [
        """{"jsonrpc":"2.0","id":1,"method":42}""", """{"jsonrpc":2,"id":1,"method":"tools/list"}""", """{"jsonrpc":"2.0","id":{},"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":[]}""", """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":7}}""",
        """[]""", """[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""", "\"x\"", "null", "{}", """{"jsonrpc":"1.0","id":1,"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":{"a":1}}}""", """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"}""",
    ];

    private static readonly string[] BadVersions = ["1999-01-01", "2025-11-25; drop", "latest", "2025-13-01", "9999-99-99"];

    private static readonly string[] Tools = ["search_events", "recent_events", "get_event", "get_usage", "no_such_tool", ""];

    public static IEnumerable<FuzzCase> All(Gen gen, FuzzTargets targets)
    {
        HttpRequestMessage Session(string body, string? session = null, string? version = McpRequests.SessionRevision)
        {
            var request = McpRequests.Post(body, version, session ?? targets.AttackerSession);
            Gen.Authorize(request, targets.AttackerKey);
            return request;
        }

        yield return new FuzzCase("mcp: malformed JSON-RPC", true, () => gen.Next(7) switch
        {
            0 => Session(gen.Truncated(McpRequests.Initialize)),
            1 => Session(gen.Nested(gen.Between(65, 5_000), objects: gen.Next(2) == 0)),
            2 => Session("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"x\":\"" + gen.Letters(gen.Between(270_000, 600_000)) + "\"}}"),
            3 => Gen.Json(HttpMethod.Post, "/mcp", targets.AttackerKey, McpRequests.ListTools, gen.Pick(["text/plain", "application/xml"])),
            4 => WithBody(Session(McpRequests.ListTools), [.. "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_"u8, 0xC3, 0x28, .. "\"}}"u8]),
            _ => Session(gen.Pick(WrongShapes)),
        });
        yield return new FuzzCase("mcp: sessions and versions", true, () => gen.Next(6) switch
        {
            0 => Session(McpRequests.ListTools, session: targets.VictimSession),
            1 => Delete(targets.AttackerKey, targets.VictimSession),
            2 => Session(McpRequests.ListTools, session: gen.Pick([Guid.NewGuid().ToString("N"), gen.Letters(gen.Between(1, 4_000)), "../" + targets.VictimSession])),
            3 => Session(McpRequests.ListTools, version: gen.Pick(BadVersions)),
            4 => Gen.Get("/mcp", targets.AttackerKey),
            _ => Delete(targets.AttackerKey, Guid.NewGuid().ToString("N")),
        });
        yield return new FuzzCase("mcp: tool arguments", false, () => Session(McpRequests.CallTool(gen.Pick(Tools), gen.Next(9) switch
        {
            0 => $$"""{"id":"{{gen.Pick(targets.VictimEventIds)}}"}""",
            1 => $$"""{"text":"{{targets.Marker}}"}""",
            2 => $$"""{"type":"victim.private","limit":{{gen.Between(1, 101)}}}""",
            3 => $$"""{"limit":"{{gen.Letters(3)}}"}""",
            4 => $$"""{"limit":{{gen.Pick([-5, 0, 101, 1_000_000])}}}""",
            5 => """{"from":"garbage","until":"2026-02-30"}""",
            6 => $$"""{"continuation":"{{gen.Letters(gen.Between(1, 500))}}"}""",
            7 => """{"id":42,"text":[],"type":{}}""",
            _ => $$"""{"text":"{{gen.Letters(gen.Between(1_000, 20_000))}}"}""",
        })));
    }

    private static HttpRequestMessage WithBody(HttpRequestMessage request, byte[] body)
    {
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new("application/json");
        return request;
    }

    private static HttpRequestMessage Delete(string key, string session)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        request.Headers.Add("Mcp-Session-Id", session);
        Gen.Authorize(request, key);
        return request;
    }
}
