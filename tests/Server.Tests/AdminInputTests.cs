using System.Text;

namespace Sluice.Server.Tests;

/// <summary>Bad input on admin calls: each kind gets its own problem, and nothing is written.</summary>
public class AdminInputTests(ServerFixture server) : ServerTests(server)
{
    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("{\"name\":\"a\",}")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("")]
    public async Task Malformed_json_is_400_and_creates_nothing(string body)
    {
        var before = await CountTenantsAsync();
        using var response = await Host.Admin.PostAsync("/api/admin/tenants", Json(body), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedJson, response);
        Assert.Equal(before, await CountTenantsAsync());
    }

    [Fact]
    public async Task Deeply_nested_json_is_400_not_a_crash()
    {
        var body = "{\"name\":" + new string('[', 500) + new string(']', 500) + "}";
        using var response = await Host.Admin.PostAsync("/api/admin/tenants", Json(body), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedJson, response);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task A_body_that_is_not_json_is_415(string contentType)
    {
        using var content = new StringContent("""{"name":"acme"}""");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await Host.Admin.PostAsync("/api/admin/tenants", content, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.UnsupportedMediaType, response);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var body = $$"""{"name":"{{new string('a', 20_000)}}"}""";
        using var response = await Host.Admin.PostAsync("/api/admin/tenants", Json(body), Ct);
        await ProblemAssert.IsAsync(ProblemTypes.PayloadTooLarge, response);
    }

    [Fact]
    public async Task Invalid_fields_are_422_listing_each_field()
    {
        using var response = await Host.Admin.PostAsync("/api/admin/tenants",
            Json("""{"name":"  ","plan":"gold","rateLimitOverride":-5,"colour":"red"}"""), Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.ValidationFailed, response);
        var errors = problem.GetProperty("errors");
        Assert.Equal(["colour", "name", "plan", "rateLimitOverride"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("""{"plan":"free"}""", "name")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"name":42}""", "name")]
    [InlineData("""{"name":"a\u0000b"}""", "name")]
    [InlineData("""{"name":"acme","rateLimitOverride":1.5}""", "rateLimitOverride")]
    [InlineData("""{"name":"acme","rateLimitOverride":"100"}""", "rateLimitOverride")]
    [InlineData("""{"name":"acme","rateLimitOverride":99999999999}""", "rateLimitOverride")]
    [InlineData("""{"name":"acme","plan":"FREE"}""", "plan")]
    public async Task Each_invalid_create_field_is_named(string body, string field)
    {
        using var response = await Host.Admin.PostAsync("/api/admin/tenants", Json(body), Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.ValidationFailed, response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("""{"status":"deleted"}""", "status")]
    [InlineData("""{"plan":7}""", "plan")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"rateLimitOverride":0}""", "rateLimitOverride")]
    [InlineData("""{"retentionDaysOverride":0}""", "retentionDaysOverride")]
    [InlineData("""{"retentionDaysOverride":3651}""", "retentionDaysOverride")]
    [InlineData("""{"retentionDaysOverride":"30"}""", "retentionDaysOverride")]
    [InlineData("""{"id":"t1111111111111"}""", "id")]
    public async Task Invalid_updates_are_422_and_change_nothing(string body, string field)
    {
        var tenant = await Host.CreateTenantAsync();
        var id = tenant.GetProperty("id").GetString();

        using var response = await Host.Admin.PatchAsync($"/api/admin/tenants/{id}", Json(body), Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.ValidationFailed, response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());

        using var after = await Host.Admin.GetAsync($"/api/admin/tenants/{id}", Ct);
        Assert.Equal(tenant.GetRawText(), (await AdminCalls.ExpectAsync(HttpStatusCode.OK, after)).GetRawText());
    }

    [Theory]
    [InlineData("""{"name":"ci"}""")]
    [InlineData("""{"scopes":[]}""")]
    [InlineData("""{"scopes":["admin"]}""")]
    [InlineData("""{"scopes":"read"}""")]
    [InlineData("""{"scopes":[null]}""")]
    public async Task Invalid_key_requests_are_422_and_issue_nothing(string body)
    {
        var id = (await Host.CreateTenantAsync()).GetProperty("id").GetString();
        using var response = await Host.Admin.PostAsync($"/api/admin/tenants/{id}/keys", Json(body), Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.ValidationFailed, response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("scopes", out _), problem.GetRawText());

        using var keys = await Host.Admin.GetAsync($"/api/admin/tenants/{id}/keys", Ct);
        Assert.Equal(0, (await AdminCalls.ExpectAsync(HttpStatusCode.OK, keys)).GetArrayLength());
    }

    public static TheoryData<string, string, string?> UnknownTenantRoutes => new()
    {
        { "GET", "/api/admin/tenants/{0}", null },
        { "PATCH", "/api/admin/tenants/{0}", """{"plan":"team"}""" },
        { "GET", "/api/admin/tenants/{0}/audit", null },
        { "GET", "/api/admin/tenants/{0}/keys", null },
        { "POST", "/api/admin/tenants/{0}/keys", """{"scopes":["read"]}""" },
        { "POST", "/api/admin/tenants/{0}/keys/k0000000000/rotate", null },
        { "DELETE", "/api/admin/tenants/{0}/keys/k0000000000", null },
    };

    [Theory]
    [MemberData(nameof(UnknownTenantRoutes))]
    public async Task An_unknown_tenant_is_404_tenant_not_found(string method, string template, string? body)
    {
        foreach (var tenantId in new[] { "t0000000000000", "not-a-tenant-id", "t0000000000000'or'1'eq'1" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, tenantId));
            if (body is not null)
            {
                request.Content = Json(body);
            }

            using var response = await Host.Admin.SendAsync(request, Ct);
            await ProblemAssert.IsAsync(ProblemTypes.TenantNotFound, response);
        }
    }

    [Fact]
    public async Task An_unknown_key_of_a_real_tenant_is_404_key_not_found()
    {
        var id = (await Host.CreateTenantAsync()).GetProperty("id").GetString();
        using var rotate = await Host.Admin.PostAsync($"/api/admin/tenants/{id}/keys/k0000000000/rotate", null, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.KeyNotFound, rotate);
        using var revoke = await Host.Admin.DeleteAsync($"/api/admin/tenants/{id}/keys/k0000000000", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.KeyNotFound, revoke);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=ten")]
    [InlineData("continuation=%%%")]
    [InlineData("continuation=a")]
    public async Task Bad_paging_parameters_are_400(string query)
    {
        using var response = await Host.Admin.GetAsync($"/api/admin/tenants?{query}", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.MalformedRequest, response);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<int> CountTenantsAsync()
    {
        using var response = await Host.Admin.GetAsync("/api/admin/tenants?limit=200", Ct);
        return (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response)).GetProperty("items").GetArrayLength();
    }
}
