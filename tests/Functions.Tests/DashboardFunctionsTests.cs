using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Sluice.Server.Tests;

namespace Sluice.Functions.Tests;

/// <summary>
/// The dashboard as the Functions host serves it (at /dashboard): sign-in, every section, a change with the form's
/// anti-forgery token, and the same change refused without it. The browser suite runs against the Server.
/// </summary>
public partial class DashboardFunctionsTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task An_operator_signs_in_reads_every_section_and_creates_a_tenant_only_with_the_forms_token()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Host.Address };
        using (var anonymous = await browser.GetAsync("/dashboard/tenants", Ct))
        {
            Assert.Equal("/dashboard/signin", anonymous.Headers.Location?.OriginalString);
        }

        using (var wrong = await browser.PostAsync("/dashboard/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "wrong-token-0123456789abcdef" }), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var signIn = await browser.PostAsync("/dashboard/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = SluiceHost.AdminToken }), Ct))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
            Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.Contains("path=/dashboard", StringComparison.OrdinalIgnoreCase) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        }

        foreach (var (section, heading) in new[] { ("tenants", "Tenants"), ("dead-letters", "Dead letters"), ("billing", "Stripe"), ("health", "Health") })
        {
            using var page = await browser.GetAsync($"/dashboard/{section}", Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"<h1>{heading}</h1>", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        var form = await browser.GetStringAsync("/dashboard/tenants/new", Ct);
        var csrf = Csrf().Match(form).Groups["token"].Value;
        var name = $"fn-dashboard-{Guid.NewGuid():N}"[..24];
        using (var forged = await browser.PostAsync("/dashboard/tenants", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = name, ["plan"] = "pro" }), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        using var created = await browser.PostAsync("/dashboard/tenants", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = csrf, ["name"] = name, ["plan"] = "pro" }), Ct);
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var tenantId = Regex.Match(created.Headers.Location!.OriginalString, "^/dashboard/tenants/([^?]+)").Groups[1].Value;
        Assert.Equal(name, (await Host.Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/tenants/{tenantId}", Ct)).GetProperty("name").GetString());
    }

    [GeneratedRegex("name=\"csrf\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Csrf();
}
