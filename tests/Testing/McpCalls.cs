using System.Net.Http.Headers;
using System.Text;
using ModelContextProtocol.Client;
using Xunit;

namespace Sluice.Testing;

/// <summary>The official MCP C# client over real HTTP against <c>/mcp</c>, and raw JSON-RPC for what a client would never send.</summary>
public static class McpCalls
{
    /// <summary>The revisions tests cover: the current, sessionless one and each initialize revision.</summary>
    public static readonly TheoryData<string> Revisions = new() { Current, "2025-11-25", "2025-06-18", "2025-03-26" };

    public const string Current = "2026-07-28";

    /// <summary>
    /// Connects with <paramref name="apiKey"/>. <paramref name="handler"/> sees every HTTP request the client makes
    /// (to count or reroute them); a null <paramref name="protocolVersion"/> lets the client pick the current revision.
    /// </summary>
    public static Task<McpClient> ConnectAsync(this SluiceHost host, string apiKey, string? protocolVersion, HttpMessageHandler? handler = null)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(host.Address, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
            },
            new HttpClient(handler ?? new SocketsHttpHandler()),
            ownsHttpClient: true);
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>POSTs a raw JSON-RPC body as an MCP client would, with optional session and version headers.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string json, string? sessionId = null, string? protocolVersion = "2025-11-25", string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Opens a session the way an initialize-revision client does; returns its id.</summary>
    public static async Task<string> InitializeAsync(this HttpClient client, string protocolVersion = "2025-11-25")
    {
        using var response = await client.PostRawAsync(Initialize(protocolVersion), protocolVersion: null);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"initialize failed: {(int)response.StatusCode} {body}");
        return response.Headers.GetValues("Mcp-Session-Id").Single();
    }

    public static string Initialize(string protocolVersion) =>
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":""" + $"\"{protocolVersion}\"" +
        ""","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";

    public const string ListTools = """{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""";

    public static Task<HttpResponseMessage> DeleteSessionAsync(this HttpClient client, string sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
        request.Headers.Add("Mcp-Session-Id", sessionId);
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
