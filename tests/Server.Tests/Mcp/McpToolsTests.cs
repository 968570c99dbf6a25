using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Server.Tests.Mcp;

/// <summary>Every tool, listed and called through the official client, in the current revision and in each session revision.</summary>
public class McpToolsTests(ServerFixture server, AzuriteFixture storage) : IClassFixture<ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private SluiceHost Host => server.Host;

    public static TheoryData<string> Revisions => McpCalls.Revisions;

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task Every_tool_is_listed_and_answers_over_the_tenants_own_log(string revision)
    {
        var (tenantId, key) = await Host.TenantWithKeyAsync("ingest", "read");
        var sender = Host.WithKey(key);
        var build = await sender.SendAsync("build.finished", new { project = "needle-works", ok = true });
        var test = await sender.SendAsync("test.failed", new { suite = "api", name = "login" });
        var deploy = await sender.SendAsync("deploy.started", new { env = "prod" });
        await sender.WaitForProcessedAsync(3);
        var (_, otherKey) = await Host.TenantWithKeyAsync("ingest", "read");
        await Host.WithKey(otherKey).SendAsync("build.finished", new { project = "needle-elsewhere" });

        await using var client = await Host.ConnectAsync(key, revision);
        Assert.Equal(revision, client.NegotiatedProtocolVersion);
        Assert.Equal(revision != McpCalls.Current, client.SessionId is not null);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        Assert.Equal(["get_event", "get_usage", "recent_events", "search_events"], tools.Select(t => t.Name).Order());

        var found = await CallAsync(client, "search_events", new() { ["text"] = "NEEDLE" });
        Assert.Equal([build], Ids(found));
        Assert.Equal(3, found.GetProperty("scanned").GetInt32());

        var byType = await CallAsync(client, "search_events", new() { ["type"] = "test.failed", ["until"] = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O") });
        Assert.Equal([test], Ids(byType));

        var recent = await CallAsync(client, "recent_events", new() { ["limit"] = 2 });
        Assert.Equal(2, Ids(recent).Length);
        Assert.Subset(new HashSet<string> { build, test, deploy }, Ids(recent).ToHashSet());

        var one = await CallAsync(client, "get_event", new() { ["id"] = deploy });
        Assert.Equal("deploy.started", one.GetProperty("type").GetString());
        Assert.Equal("prod", one.GetProperty("payload").GetProperty("env").GetString());

        var usage = await CallAsync(client, "get_usage", new());
        Assert.Equal(tenantId, usage.GetProperty("tenantId").GetString());
        Assert.Equal(3, usage.GetProperty("processed").GetInt64());
        Assert.Equal("pro", usage.GetProperty("plan").GetString());
        Assert.Equal(300, usage.GetProperty("eventsPerMinute").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task Bad_tool_input_is_a_tool_error_that_says_why(string revision)
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        await using var client = await Host.ConnectAsync(key, revision);

        await AssertToolErrorAsync(client, "search_events", new() { ["limit"] = 0 }, "limit must be a whole number from 1 to 100");
        await AssertToolErrorAsync(client, "search_events", new() { ["limit"] = 101 }, "limit must be a whole number from 1 to 100");
        await AssertToolErrorAsync(client, "search_events", new() { ["from"] = "yesterday" }, "from must be an RFC 3339 timestamp");
        await AssertToolErrorAsync(client, "search_events", new() { ["from"] = "2026-06-01T00:00:00Z", ["until"] = "2026-01-01T00:00:00Z" }, "until must not be before from");
        await AssertToolErrorAsync(client, "search_events", new() { ["type"] = "no spaces allowed" }, "type is not a valid event type");
        await AssertToolErrorAsync(client, "search_events", new() { ["text"] = new string('x', 257) }, "text must be 1 to 256 characters");
        await AssertToolErrorAsync(client, "search_events", new() { ["continuation"] = "not-ours" }, "continuation token is not one this API issued");
        await AssertToolErrorAsync(client, "recent_events", new() { ["limit"] = -5 }, "limit must be a whole number");
        await AssertToolErrorAsync(client, "get_event", new() { ["id"] = "evt-that-does-not-exist" }, "There is no event 'evt-that-does-not-exist'");
        await AssertToolErrorAsync(client, "get_event", new() { ["id"] = "../../etc/passwd" }, "There is no event");
        await AssertToolErrorAsync(client, "recent_events", new() { ["limit"] = "many" }, "limit must be an integer, not the string \"many\"");
        await AssertToolErrorAsync(client, "search_events", new() { ["type"] = 7 }, "type must be a string or null, not the number 7");
        await AssertToolErrorAsync(client, "get_event", new(), "id is required");

        // The session (where there is one) survives bad input.
        Assert.NotEmpty(await client.ListToolsAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Expected_tool_errors_are_answers_not_logged_failures()
    {
        var logs = new CapturedLogs();
        await using var host = await SluiceHost.StartAsync(storage, AzuriteFixture.NewTablePrefix(), services: s => s.AddSingleton<ILoggerProvider>(logs));
        var (_, key) = await host.TenantWithKeyAsync("read");
        await using var client = await host.ConnectAsync(key, McpCalls.Current);

        await AssertToolErrorAsync(client, "get_event", new() { ["id"] = "no-such-event" }, "There is no event 'no-such-event'");
        await AssertToolErrorAsync(client, "recent_events", new() { ["limit"] = "ten" }, "limit must be an integer");
        await AssertToolErrorAsync(client, "search_events", new() { ["from"] = "yesterday" }, "from must be an RFC 3339 timestamp");

        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Error);
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task An_unknown_tool_is_an_MCP_error(string revision)
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        await using var client = await Host.ConnectAsync(key, revision);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("drop_tables", cancellationToken: Ct).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("drop_tables", error.Message);
    }

    [Fact]
    public async Task A_text_search_pages_through_the_log_with_its_continuation()
    {
        var (_, key) = await Host.TenantWithKeyAsync("ingest", "read");
        var sender = Host.WithKey(key);
        var sent = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            sent.Add(await sender.SendAsync("note", new { text = i % 2 == 0 ? $"match {i}" : $"other {i}" }));
        }

        await sender.WaitForProcessedAsync(7);
        await using var client = await Host.ConnectAsync(key, protocolVersion: null); // the client's default: the current revision
        Assert.Equal(McpCalls.Current, client.NegotiatedProtocolVersion);

        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = await CallAsync(client, "search_events", new() { ["text"] = "match", ["limit"] = 2, ["continuation"] = continuation });
            seen.AddRange(Ids(page));
            continuation = page.TryGetProperty("continuation", out var next) ? next.GetString() : null;
        }
        while (continuation is not null);

        Assert.Equal(new[] { 0, 2, 4, 6 }.Select(i => sent[i]).Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: Ct);
        Assert.True(result.IsError is not true, $"{tool} failed: {Text(result)}");
        return JsonDocument.Parse(Text(result)).RootElement.Clone();
    }

    private static async Task AssertToolErrorAsync(McpClient client, string tool, Dictionary<string, object?> arguments, string expected)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: Ct);
        Assert.True(result.IsError, $"{tool} should have failed: {Text(result)}");
        Assert.Contains(expected, Text(result));
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    private static string[] Ids(JsonElement page) => page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
}
