namespace Sluice.Server.Tests;

public class MeTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task A_read_key_sees_its_own_tenant_and_key_and_nothing_secret()
    {
        var (tenantId, key) = await Host.TenantWithKeyAsync("ingest", "read");
        var (otherTenantId, _) = await Host.TenantWithKeyAsync("read");

        using var response = await GetMeAsync(key);
        var me = await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        var body = me.GetRawText();

        Assert.Equal(tenantId, me.GetProperty("id").GetString());
        Assert.Equal("pro", me.GetProperty("plan").GetString());
        Assert.Equal("active", me.GetProperty("status").GetString());
        Assert.Equal(key.Split('_')[2], me.GetProperty("key").GetProperty("id").GetString());
        Assert.Equal(["ingest", "read"], me.GetProperty("key").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(key.Split('_')[3], body);
        Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(otherTenantId, body);
    }

    [Fact]
    public async Task Tenant_data_and_problems_are_neither_cached_on_the_way_nor_sniffed()
    {
        var (_, key) = await Host.TenantWithKeyAsync("read");
        using var answered = await GetMeAsync(key);
        using var refused = await GetMeAsync("not-a-key");

        foreach (var response in new[] { answered, refused })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.StatusCode} without Cache-Control: no-store");
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        }
    }
}
