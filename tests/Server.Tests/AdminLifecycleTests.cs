using System.Text.Json;

namespace Sluice.Server.Tests;

/// <summary>Tenants and keys through their whole life, and the audit trail each change leaves.</summary>
public class AdminLifecycleTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task Creating_a_tenant_answers_201_with_its_location_and_defaults()
    {
        using var response = await Host.Admin.PostAsJsonAsync("/api/admin/tenants", new { name = "  Acme Corp  " }, Ct);
        var tenant = await AdminCalls.ExpectAsync(HttpStatusCode.Created, response);
        var id = tenant.GetProperty("id").GetString()!;

        Assert.Equal($"/api/admin/tenants/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Acme Corp", tenant.GetProperty("name").GetString());
        Assert.Equal("free", tenant.GetProperty("plan").GetString());
        Assert.Equal("active", tenant.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, tenant.GetProperty("rateLimitOverride").ValueKind);
        Assert.Equal(0, tenant.GetProperty("keys").GetArrayLength());

        using var read = await Host.Admin.GetAsync($"/api/admin/tenants/{id}", Ct);
        Assert.Equal(tenant.GetRawText(), (await AdminCalls.ExpectAsync(HttpStatusCode.OK, read)).GetRawText());
    }

    [Fact]
    public async Task Updates_change_only_what_they_name_and_null_clears_the_override()
    {
        var id = (await Host.CreateTenantAsync("acme", "free")).GetProperty("id").GetString();

        var updated = await PatchAsync(id!, new { plan = "team", rateLimitOverride = 5000 });
        Assert.Equal("team", updated.GetProperty("plan").GetString());
        Assert.Equal(5000, updated.GetProperty("rateLimitOverride").GetInt32());
        Assert.Equal("acme", updated.GetProperty("name").GetString());
        Assert.Equal("active", updated.GetProperty("status").GetString());

        var renamed = await PatchAsync(id!, new { name = "acme-2" });
        Assert.Equal(5000, renamed.GetProperty("rateLimitOverride").GetInt32());

        using var clear = await Host.Admin.PatchAsync($"/api/admin/tenants/{id}",
            new StringContent("""{"rateLimitOverride":null}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var cleared = await AdminCalls.ExpectAsync(HttpStatusCode.OK, clear);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("rateLimitOverride").ValueKind);
        Assert.Equal("team", cleared.GetProperty("plan").GetString());
    }

    [Fact]
    public async Task A_key_is_shown_once_and_listed_without_secret_or_hash()
    {
        var (tenantId, key) = await Host.TenantWithKeyAsync("ingest");

        using var list = await Host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/keys", Ct);
        var keys = await AdminCalls.ExpectAsync(HttpStatusCode.OK, list);
        using var tenant = await Host.Admin.GetAsync($"/api/admin/tenants/{tenantId}", Ct);
        var everything = keys.GetRawText() + await tenant.Content.ReadAsStringAsync(Ct);

        Assert.Equal(1, keys.GetArrayLength());
        Assert.Equal(key.Split('_')[2], keys[0].GetProperty("id").GetString());
        Assert.Equal(["ingest"], keys[0].GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(key.Split('_')[3], everything);
        Assert.DoesNotContain("hash", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("apiKey", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotating_a_key_issues_a_working_replacement_and_retires_the_old_one()
    {
        var (tenantId, oldKey) = await Host.TenantWithKeyAsync("read");
        var oldId = oldKey.Split('_')[2];

        using var rotate = await Host.Admin.PostAsync($"/api/admin/tenants/{tenantId}/keys/{oldId}/rotate", null, Ct);
        var issued = await AdminCalls.ExpectAsync(HttpStatusCode.Created, rotate);
        var newKey = issued.GetProperty("apiKey").GetString()!;

        Assert.NotEqual(oldId, issued.GetProperty("key").GetProperty("id").GetString());
        Assert.Equal(["read"], issued.GetProperty("key").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(newKey));
        await ProblemAssert.IsAsync(ProblemTypes.RevokedKey, await GetMeAsync(oldKey));
    }

    [Fact]
    public async Task A_rotation_grace_keeps_the_old_key_working_until_it_ends()
    {
        var (tenantId, oldKey) = await Host.TenantWithKeyAsync("read");
        var oldId = oldKey.Split('_')[2];

        using var rotate = await Host.Admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/keys/{oldId}/rotate", new { graceSeconds = 3600 }, Ct);
        var newKey = (await AdminCalls.ExpectAsync(HttpStatusCode.Created, rotate)).GetProperty("apiKey").GetString()!;

        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(oldKey));
        Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(newKey));
        using var list = await Host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/keys", Ct);
        var old = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, list)).EnumerateArray().Single(k => k.GetProperty("id").GetString() == oldId);
        Assert.True(old.GetProperty("revokedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(59));

        // Revoking ends the grace at once; revoking again changes nothing.
        using var revoke = await Host.Admin.DeleteAsync($"/api/admin/tenants/{tenantId}/keys/{oldId}", Ct);
        var revoked = await AdminCalls.ExpectAsync(HttpStatusCode.OK, revoke);
        using var again = await Host.Admin.DeleteAsync($"/api/admin/tenants/{tenantId}/keys/{oldId}", Ct);
        Assert.Equal(revoked.GetRawText(), (await AdminCalls.ExpectAsync(HttpStatusCode.OK, again)).GetRawText());
        await ProblemAssert.IsAsync(ProblemTypes.RevokedKey, await GetMeAsync(oldKey));

        using var rotateRevoked = await Host.Admin.PostAsync($"/api/admin/tenants/{tenantId}/keys/{oldId}/rotate", null, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.KeyAlreadyRevoked, rotateRevoked);
    }

    [Fact]
    public async Task A_tenant_holds_at_most_ten_active_keys()
    {
        var id = (await Host.CreateTenantAsync()).GetProperty("id").GetString()!;
        var keys = new List<string>();
        for (var i = 0; i < Tenants.Tenant.MaxActiveKeys; i++)
        {
            keys.Add(await Host.IssueKeyAsync(id, "read"));
        }

        using var eleventh = await Host.Admin.PostAsJsonAsync($"/api/admin/tenants/{id}/keys", new { scopes = new[] { "read" } }, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.KeyLimitReached, eleventh);

        using var revoke = await Host.Admin.DeleteAsync($"/api/admin/tenants/{id}/keys/{keys[0].Split('_')[2]}", Ct);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.NotEmpty(await Host.IssueKeyAsync(id, "read"));
    }

    [Fact]
    public async Task Every_change_is_audited_newest_first_with_actor_and_before_after()
    {
        var id = (await Host.CreateTenantAsync("acme", "free")).GetProperty("id").GetString()!;
        await PatchAsync(id, new { plan = "pro" });
        var key = await Host.IssueKeyAsync(id, "read");
        using (var revoke = await Host.Admin.DeleteAsync($"/api/admin/tenants/{id}/keys/{key.Split('_')[2]}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using var response = await Host.Admin.GetAsync($"/api/admin/tenants/{id}/audit", Ct);
        var audit = await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        var entries = audit.GetProperty("items").EnumerateArray().ToArray();

        Assert.Equal(["key.revoked", "key.issued", "tenant.updated", "tenant.created"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("tester", e.GetProperty("actor").GetString()));
        Assert.All(entries, e => Assert.Equal(id, e.GetProperty("tenantId").GetString()));
        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.OrderDescending(), times);

        var update = entries[2];
        Assert.Equal("free", update.GetProperty("before").GetProperty("plan").GetString());
        Assert.Equal("pro", update.GetProperty("after").GetProperty("plan").GetString());
        Assert.Equal(JsonValueKind.Null, entries[3].GetProperty("before").ValueKind);
        Assert.Equal(key.Split('_')[2], entries[0].GetProperty("target").GetString());
        Assert.DoesNotContain(key.Split('_')[3], audit.GetRawText());
    }

    [Fact]
    public async Task A_change_that_changes_nothing_writes_no_audit_entry()
    {
        var id = (await Host.CreateTenantAsync("acme", "pro")).GetProperty("id").GetString()!;
        await PatchAsync(id, new { plan = "pro", name = "acme" });

        using var response = await Host.Admin.GetAsync($"/api/admin/tenants/{id}/audit", Ct);
        var actions = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString());
        Assert.Equal(["tenant.created"], actions);
    }

    [Fact]
    public async Task Listing_pages_through_every_tenant_once()
    {
        var created = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Host.CreateTenantAsync($"paged-{i}")).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var query = continuation is null ? "limit=2" : $"limit=2&continuation={Uri.EscapeDataString(continuation)}";
            using var response = await Host.Admin.GetAsync($"/api/admin/tenants?{query}", Ct);
            var page = await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
            Assert.InRange(page.GetProperty("items").GetArrayLength(), 0, 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            continuation = page.GetProperty("continuation").GetString();
            pages++;
        }
        while (continuation is not null && pages < 100);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), created);
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task Concurrent_key_issues_on_one_tenant_all_land()
    {
        var id = (await Host.CreateTenantAsync()).GetProperty("id").GetString()!;

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Host.IssueKeyAsync(id, "read")));

        using var list = await Host.Admin.GetAsync($"/api/admin/tenants/{id}/keys", Ct);
        var listed = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, list)).EnumerateArray().Select(k => k.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(keys.Select(k => k.Split('_')[2]).ToHashSet(), listed);
        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.OK, await MeStatusAsync(key));
        }
    }

    private async Task<JsonElement> PatchAsync(string id, object changes)
    {
        using var response = await Host.Admin.PatchAsJsonAsync($"/api/admin/tenants/{id}", changes, Ct);
        return await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
    }

    private async Task<HttpStatusCode> MeStatusAsync(string key)
    {
        using var response = await GetMeAsync(key);
        return response.StatusCode;
    }
}
