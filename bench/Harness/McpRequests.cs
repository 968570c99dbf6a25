using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Bench.Harness;

/// <summary>Raw Streamable HTTP requests to <c>/mcp</c>, as an MCP client sends them.</summary>
public static class McpRequests
{
    public const string SessionRevision = "2025-11-25";
    public const string StatelessRevision = "2026-07-28";

    public const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"suite","version":"1"}}}""";

    public const string ListTools = """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""";

    private const string StatelessMeta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    /// <summary>A 2026-07-28 request: no session; the version in the header and in <c>_meta</c>, the method in <c>Mcp-Method</c>.</summary>
    public static HttpRequestMessage Stateless(string method, string paramsJson = "{}")
    {
        var parameters = paramsJson == "{}" ? $"{{{StatelessMeta}}}" : $"{paramsJson[..^1]},{StatelessMeta}}}";
        var request = Post($$"""{"jsonrpc":"2.0","id":7,"method":"{{method}}","params":{{parameters}}}""", StatelessRevision);
        request.Headers.Add("Mcp-Method", method);
        return request;
    }

    public static string CallTool(string name, string argumentsJson) =>
        $$$"""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"{{{name}}}","arguments":{{{argumentsJson}}}}}""";

    public static HttpRequestMessage Post(string json, string? protocolVersion, string? sessionId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }

        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        return request;
    }
}
