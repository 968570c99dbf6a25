using System.Diagnostics;
using Sluice.Server.Local;

namespace Sluice.Server.Tests.Mcp;

/// <summary>
/// <c>/mcp</c> as the official MCP TypeScript SDKs use it (pinned in package.json), clients nobody here wrote:
/// v1 (<c>@modelcontextprotocol/sdk</c>) in the session revision, resuming the session on a second instance, and v2
/// (<c>@modelcontextprotocol/client</c>) in the stateless revision on both instances (<c>tests/McpSdk/</c>). Each
/// lists the tools, calls each, validates every structured result against the tool's output schema, and checks that
/// a bad argument is a tool error that says why.
/// </summary>
public class McpTypeScriptSdkTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task The_official_TypeScript_SDKs_list_call_and_validate_every_tool_in_both_revisions_on_two_instances()
    {
        await using var first = await StartHostAsync();
        await using var second = await StartHostAsync();
        using var tenant = await first.TenantClientAsync();
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        using (var timed = await tenant.PostAsJsonAsync("/api/events", new { id = "sdk-timed", type = "build.finished", payload = new { ok = true, note = "a \"quoted\" word" }, occurredAt = "2026-12-01T10:00:00+00:00" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, timed.StatusCode);
        }

        using (var untimed = await tenant.PostAsJsonAsync("/api/events", new { id = "sdk-untimed", type = "test.passed", payload = new[] { 1, 2, 3 } }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, untimed.StatusCode);
        }

        await tenant.WaitForEventAsync("sdk-timed");
        await tenant.WaitForEventAsync("sdk-untimed");

        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["SLUICE_MCP_URLS"] = $"{new Uri(first.Address, "/mcp")},{new Uri(second.Address, "/mcp")}",
                ["SLUICE_KEY"] = key,
                ["SLUICE_EVENT_IDS"] = "sdk-timed,sdk-untimed",
            },
        };
        foreach (var argument in (string[])["--test", "--test-reporter=spec", Path.Combine(root, "tests", "McpSdk", "sluice-mcp.test.mjs"), Path.Combine(root, "tests", "McpSdk", "sluice-mcp-stateless.test.mjs")])
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var output = await Task.WhenAll(node.StandardOutput.ReadToEndAsync(Ct), node.StandardError.ReadToEndAsync(Ct));
        await node.WaitForExitAsync(Ct);
        Assert.True(node.ExitCode == 0, $"the SDK's test failed (exit {node.ExitCode}):\n{output[0]}\n{output[1]}");
        Assert.Contains("pass 4", output[0], StringComparison.Ordinal);
    }
}
