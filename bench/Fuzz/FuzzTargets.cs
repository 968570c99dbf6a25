using System.Net.Http.Json;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Fuzz;

/// <summary>
/// What the fuzz aims at. The victim tenant has events carrying <see cref="Marker"/> and an open MCP session; the
/// attacker tenant has keys of every kind (one revoked). No response to a fuzz request may contain the marker.
/// </summary>
public sealed record FuzzTargets(
    string VictimTenant,
    string VictimKey,
    IReadOnlyList<string> VictimEventIds,
    string VictimSession,
    string Marker,
    string AttackerTenant,
    string AttackerKey,
    string AttackerReadKey,
    string AttackerIngestKey,
    string AttackerRevokedKey,
    string AttackerSession)
{
    public const int VictimEvents = 20;

    public static async Task<FuzzTargets> PrepareAsync(SluiceStack stack)
    {
        var marker = $"victim-secret-{Guid.NewGuid():N}";
        var (victim, victimKey) = await stack.CreateTenantAsync("fuzz-victim");
        using var victimClient = stack.ClientWithKey(victimKey);
        var ids = Enumerable.Range(0, VictimEvents).Select(n => $"victim-{n:D3}").ToList();
        var batch = new { events = ids.Select(id => new { id, type = "victim.private", payload = new { secret = marker } }) };
        (await victimClient.PostAsJsonAsync("/api/events", batch)).EnsureSuccessStatusCode();
        await Drain.WaitAsync(stack, TimeSpan.FromSeconds(60));

        var (attacker, attackerKey) = await stack.CreateTenantAsync("fuzz-attacker");
        var (revokedId, revoked) = await stack.IssueKeyWithIdAsync(attacker, ["ingest", "read"]);
        (await stack.Admin.DeleteAsync($"/api/admin/tenants/{attacker}/keys/{revokedId}")).EnsureSuccessStatusCode();
        return new FuzzTargets(
            victim, victimKey, ids, await OpenSessionAsync(stack, victimKey), marker,
            attacker, attackerKey,
            await stack.IssueKeyAsync(attacker, ["read"]),
            await stack.IssueKeyAsync(attacker, ["ingest"]),
            revoked,
            await OpenSessionAsync(stack, attackerKey));
    }

    public static async Task<string> OpenSessionAsync(SluiceStack stack, string key)
    {
        using var client = stack.ClientWithKey(key);
        using var response = await client.SendAsync(McpRequests.Post(McpRequests.Initialize, protocolVersion: null));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Mcp-Session-Id").Single();
    }
}
