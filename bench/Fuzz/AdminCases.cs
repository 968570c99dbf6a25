using Sluice.Bench.Harness;

namespace Sluice.Bench.Fuzz;

/// <summary>The admin API with a valid token but bad bodies and unknown ids: a trusted caller's mistakes still get clear 4xx.</summary>
public static class AdminCases
{
    private static readonly string[] BadTenants =
    [
        "{", "[]", "{}", """{"name":42}""", """{"name":"x","plan":"platinum"}""", """{"name":"x","rateLimitOverride":-5}""",
        """{"name":"x","rateLimitOverride":"many"}""", """{"name":"","plan":"pro"}""", """{"name":null}""", """{"name":"x","plan":"pro","rateLimitOverride":1e99}""",
    ];

    private static readonly string[] BadPatches =
    [
        "{", "[]", """{"plan":"gold"}""", """{"status":"deleted"}""", """{"rateLimitOverride":0}""", """{"name":""}""", """{"name":7}""", "null",
    ];

    private static readonly string[] BadKeys =
    [
        """{"name":"k","scopes":["root"]}""", """{"name":"k","scopes":"ingest"}""", """{"name":"k","scopes":[]}""", """{"name":"k"}""", """{"scopes":["read"],"name":{}}""", "{",
    ];

    public static IEnumerable<FuzzCase> All(Gen gen, FuzzTargets targets)
    {
        HttpRequestMessage Admin(HttpRequestMessage request)
        {
            Gen.Authorize(request, SluiceStack.AdminToken);
            return request;
        }

        yield return new FuzzCase("admin: bad bodies and ids", true, () => Admin(gen.Next(9) switch
        {
            0 => Gen.Json(HttpMethod.Post, "/api/admin/tenants", null, gen.Pick(BadTenants)),
            1 => Gen.Json(HttpMethod.Post, "/api/admin/tenants", null, $"{{\"name\":\"{gen.Letters(gen.Between(300, 100_000))}\",\"plan\":\"pro\"}}"),
            2 => Gen.Json(HttpMethod.Patch, $"/api/admin/tenants/{targets.AttackerTenant}", null, gen.Pick(BadPatches)),
            3 => Gen.Json(HttpMethod.Post, $"/api/admin/tenants/{targets.AttackerTenant}/keys", null, gen.Pick(BadKeys)),
            4 => Gen.Get($"/api/admin/tenants/{gen.Pick(["t_nope", gen.Letters(gen.Between(1, 2_000)), "%01", "..%2f"])}", null),
            5 => Gen.Json(HttpMethod.Post, $"/api/admin/dead-letters/{gen.Letters(12)}/replay", null, "{}"),
            6 => Gen.Json(HttpMethod.Post, $"/api/admin/billing/events/evt_{gen.Letters(12)}/replay", null, "{}"),
            7 => new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/tenants/{targets.AttackerTenant}/keys/{gen.Letters(10)}"),
            _ => Gen.Get($"/api/admin/tenants?limit={gen.Pick(["x", "-1", "0", "100000"])}", null),
        }));
    }
}
