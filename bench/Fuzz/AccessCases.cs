using System.Text;

namespace Sluice.Bench.Fuzz;

/// <summary>Bad, borrowed and forged credentials, injected headers, and routes or methods that do not exist.</summary>
public static class AccessCases
{
    private static readonly (HttpMethod Method, string Path)[] KeyedRoutes =
    [
        (HttpMethod.Post, "/api/events"), (HttpMethod.Get, "/api/events"), (HttpMethod.Get, "/api/events/victim-001"),
        (HttpMethod.Get, "/api/usage"), (HttpMethod.Get, "/api/me"), (HttpMethod.Post, "/mcp"),
    ];

    private static readonly (HttpMethod Method, string Path)[] Unrouted =
    [
        (HttpMethod.Put, "/api/events"), (HttpMethod.Delete, "/api/usage"), (HttpMethod.Get, "/api/nope"), (HttpMethod.Post, "/health/live"),
        (HttpMethod.Patch, "/mcp"), (HttpMethod.Put, "/api/admin/tenants"), (HttpMethod.Get, "/api/events/a/b"), (HttpMethod.Options, "/api/me"),
    ];

    public static IEnumerable<FuzzCase> All(Gen gen, FuzzTargets targets)
    {
        yield return new FuzzCase("keys: bad, borrowed, revoked", true, () =>
        {
            var (method, path) = gen.Pick(KeyedRoutes);
            var request = Gen.Json(method, path, null, "{\"type\":\"t\",\"payload\":{}}");
            request.Method = method;
            if (method == HttpMethod.Get)
            {
                request.Content = null;
            }

            var key = targets.AttackerKey;
            var authorization = gen.Next(10) switch
            {
                0 => null,
                1 => "Bearer",
                2 => "Bearer " + gen.Letters(gen.Between(1, 64)),
                3 => "Basic dXNlcjpwYXNzd29yZA==",
                4 => "Bearer " + key[..^4] + "AAAA",
                5 => "Bearer " + targets.AttackerRevokedKey,
                6 => "Bearer " + key + gen.Letters(gen.Between(1_000, 12_000)),
                7 => "Bearer sluice_t" + gen.Letters(13) + "_k" + gen.Letters(10) + "_" + gen.Letters(gen.Between(0, 80)),
                8 => "Bearer " + (method == HttpMethod.Post && path == "/api/events" ? targets.AttackerReadKey : targets.AttackerIngestKey),
                _ => "Bearer " + key + "," + key,
            };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            return request;
        });
        yield return new FuzzCase("headers: injection (raw HTTP)", true, Raw: () => Encoding.Latin1.GetBytes(gen.Next(5) switch
        {
            // A CR LF smuggled into the Authorization value: a second header line naming the victim's session.
            0 => Raw("POST", "/mcp", $"Authorization: Bearer {targets.AttackerKey}\r\nMcp-Session-Id: {targets.VictimSession}\r\nMCP-Protocol-Version: 2025-11-25", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}"),
            // Two Authorization headers: one bad, one good.
            1 => Raw("GET", "/api/events", $"Authorization: Bearer {gen.Letters(30)}\r\nAuthorization: Bearer {targets.AttackerKey}", null),
            // The victim's tenant id where a proxy would put an identity.
            2 => Raw("GET", "/api/events", $"Authorization: Bearer {targets.AttackerKey[..^2]}xx\r\nX-Tenant-Id: {targets.VictimTenant}\r\nX-Forwarded-For: 127.0.0.1", null),
            // Two session ids, the attacker's and the victim's.
            3 => Raw("POST", "/mcp", $"Authorization: Bearer {targets.AttackerKey}\r\nMcp-Session-Id: {targets.AttackerSession}\r\nMcp-Session-Id: {targets.VictimSession}\r\nMCP-Protocol-Version: 2025-11-25", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}"),
            // A header value full of obs-text (bytes 0x80-0xFF).
            _ => Raw("GET", "/api/me", $"Authorization: Bearer {Encoding.Latin1.GetString(Enumerable.Range(0, 40).Select(_ => (byte)gen.Between(0x80, 0x100)).ToArray())}", null),
        }));
        yield return new FuzzCase("admin: bad tokens", true, () =>
        {
            var request = Gen.Get(gen.Pick(["/api/admin/tenants", $"/api/admin/tenants/{targets.VictimTenant}", "/api/admin/dead-letters", "/api/admin/billing/events"]), null);
            var token = gen.Next(5) switch
            {
                0 => null,
                1 => gen.Letters(gen.Between(1, 100)),
                2 => targets.AttackerKey,
                3 => Harness.SluiceStack.AdminToken[..^1],
                _ => " " + Harness.SluiceStack.AdminToken + " x",
            };
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            }

            return request;
        });
        yield return new FuzzCase("routes: unknown paths and methods", true, () =>
        {
            var (method, path) = gen.Pick(Unrouted);
            var request = new HttpRequestMessage(method, path);
            Gen.Authorize(request, targets.AttackerKey);
            return request;
        });
    }

    private static string Raw(string method, string path, string headers, string? body) =>
        $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAccept: application/json, text/event-stream\r\n{headers}\r\n" +
        (body is null ? "\r\n" : $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
}
