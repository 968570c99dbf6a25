using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sluice.Events;
using Sluice.Ingestion;
using Sluice.Server.Jobs;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// The admin dashboard in a real browser (headless Chromium): what the runbook asks an operator to do, done by
/// clicking, and what must be refused (a wrong token, a forged request, a forged field) refused with nothing changed.
/// </summary>
public class DashboardBrowserTests(DashboardFixture dashboard) : IClassFixture<DashboardFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SluiceHost Host => dashboard.Host;

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_right_one_signs_in_without_the_token_reaching_storage_or_the_address()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/admin");
        Assert.EndsWith("/admin/signin", page.Url, StringComparison.Ordinal);
        await Screenshot(page, "signin");

        await page.GetByLabel("Admin token").FillAsync("not-the-admin-token-0123456789");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(401, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not an admin token");

        await SignInAsync(page);
        Assert.DoesNotContain(SluiceHost.AdminToken, page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length + sessionStorage.length"));
        Assert.Equal("", await page.EvaluateAsync<string>("document.cookie"));
        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(SluiceHost.AdminToken, cookie.Value, StringComparison.Ordinal);
        var csp = (await page.GotoAsync("/admin/tenants"))!.Headers["content-security-policy"];
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_creates_a_tenant_issues_a_key_sees_its_event_and_usage_then_revokes_the_key()
    {
        var page = await SignedInPageAsync();
        var name = $"browser-{Guid.NewGuid():N}"[..20];
        await page.GotoAsync("/admin/tenants/new");
        await page.GetByLabel("Name").FillAsync(name);
        await page.Locator("select[name=plan]").SelectOptionAsync("pro");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        var tenantId = await page.Locator("main > p > code").First.TextContentAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a key" }).ClickAsync();
        var key = (await page.Locator("#issued-key").TextContentAsync())!.Trim();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        Assert.Equal(key, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await Screenshot(page, "tenant-key-issued");

        // Rotated with no grace: the old key stops working, the new one is shown once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate" }).ClickAsync();
        var rotated = (await page.Locator("#issued-key").TextContentAsync())!.Trim();
        Assert.NotEqual(key, rotated);
        using (var old = Host.WithKey(key))
        {
            await WaitUntilAsync(async () =>
            {
                using var refused = await old.GetAsync("/api/me", Ct);
                return refused.StatusCode == HttpStatusCode.Unauthorized;
            }, "the rotated-out key was still accepted");
        }

        key = rotated;
        using var client = Host.WithKey(key);
        var eventId = await client.SendAsync("dashboard.tried", new { by = "a browser" }, "dashboard-event-1");
        await client.WaitForEventAsync(eventId);
        await WaitUntilAsync(async () =>
        {
            await page.GotoAsync($"/admin/tenants/{tenantId}");
            return await page.Locator(".card:has-text('Processed') strong").TextContentAsync() == "1";
        }, "the tenant page never showed the event processed");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = eventId })).ToBeVisibleAsync();
        await Expect(page.Locator(".card:has-text('Accepted in') strong")).ToHaveTextAsync("1");
        await Screenshot(page, "tenant");

        await page.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Expect(page.Locator("main > p .status-suspended")).ToHaveTextAsync("suspended");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator("main > p .status-active")).ToHaveTextAsync("active");

        await page.GetByRole(AriaRole.Row).Filter(new() { HasNotText = "revoked" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Key revoked");
        await WaitUntilAsync(async () =>
        {
            using var after = await client.GetAsync("/api/me", Ct);
            return after.StatusCode == HttpStatusCode.Unauthorized;
        }, "the revoked key was still accepted");

        await page.GotoAsync("/admin/tenants?q=" + name);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await Screenshot(page, "tenants");
        using var audit = await Host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/audit", Ct);
        var actions = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, audit)).GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString())).ToList();
        Assert.All(actions, a => Assert.Equal("tester", a.Item1));
        Assert.Equal(["tenant.created", "key.issued", "key.rotated", "tenant.updated", "tenant.updated", "key.revoked"], actions.Select(a => a.Item2).Reverse());
    }

    [Fact]
    public async Task An_operator_replays_a_selected_dead_letter_and_its_event_reaches_the_log()
    {
        using var tenant = await Host.TenantClientAsync();
        var tenantId = (await tenant.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetString()!;
        var now = DateTimeOffset.UtcNow;
        var batchId = $"b{Guid.NewGuid():N}"[..26];
        var batch = EventBatchJson.Assemble(batchId, [EventBatchJson.Serialize(new EventEnvelope(tenantId, "from-a-dead-letter", "replayed.by.hand", "{\"n\":1}", null, now))]);
        var letter = await Host.Services.GetRequiredService<DeadLetterStore>().AddAsync(batchId, now, batch, "storage refused it (the fault since fixed)", 5, Ct);

        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/dead-letters");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "storage refused it" })).ToBeVisibleAsync();
        await Screenshot(page, "dead-letters");
        await page.GetByLabel($"select {letter.Id}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay the selected" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Replayed 1");
        Assert.Equal("replayed.by.hand", (await tenant.WaitForEventAsync("from-a-dead-letter")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_operator_filters_the_Stripe_ledger_replays_an_entry_and_starts_a_reconciliation_but_not_a_second()
    {
        var eventJson = Stripe.Other("customer.created", DateTimeOffset.UtcNow);
        var eventId = BillingCalls.EventId(eventJson);
        await Host.DeliverSettledAsync(eventJson);

        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/billing");
        await page.GetByRole(AriaRole.Link, new() { Name = "ignored" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = eventId });
        await Expect(row).ToContainTextAsync("ignored");
        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Replayed {eventId}");

        var started = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Reconcile now" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(202, started.Status);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("started");
        await WaitUntilAsync(async () =>
        {
            await page.GotoAsync("/admin/billing");
            return await page.Locator("a[href*='/billing/reconciliations/']").CountAsync() > 0;
        }, "the reconciliation report did not appear");
        await Screenshot(page, "stripe");

        await using var held = await HoldReconciliationAsync();
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Reconcile now" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("A reconciliation is running now");
    }

    [Fact]
    public async Task Health_shows_readiness_each_check_the_backlog_and_the_breakers()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/health");
        await Expect(page.Locator(".card", new() { HasText = "Readiness" })).ToContainTextAsync("Healthy");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "tenant-validation" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "processing" }).First).ToContainTextAsync("Closed");
        await Screenshot(page, "health");
    }

    [Fact]
    public async Task A_change_without_the_session_anti_forgery_token_or_from_another_origin_is_refused_and_changes_nothing()
    {
        var tenantId = (await Host.CreateTenantAsync("csrf-target", "free")).GetProperty("id").GetString()!;
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tenants/{tenantId}");

        // A script on the dashboard's own origin, with the session cookie, but without the form's token.
        var noToken = await page.EvaluateAsync<int>(
            "async url => (await fetch(url, { method: 'POST', body: new URLSearchParams({ plan: 'team' }) })).status", $"/admin/tenants/{tenantId}");
        Assert.Equal(403, noToken);

        // A page elsewhere (another origin, as an attacker's site would be) posting a form to the dashboard.
        var attacker = await page.Context.NewPageAsync();
        await attacker.GotoAsync(Host.Address.ToString().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "health/live");
        var csrf = await page.Locator("input[name=csrf]").First.GetAttributeAsync("value");
        var crossSite = await attacker.EvaluateAsync<int>(
            "async ([url, csrf]) => (await fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors', body: new URLSearchParams({ plan: 'team', csrf }) })).status",
            new[] { new Uri(Host.Address, $"/admin/tenants/{tenantId}").ToString(), csrf });
        Assert.Equal(0, crossSite); // opaque: the browser shows the other site nothing

        Assert.Equal("free", (await Host.GetTenantAsync(tenantId)).GetProperty("plan").GetString());
    }

    [Fact]
    public async Task A_forged_form_field_is_refused_with_the_API_s_validation_and_changes_nothing()
    {
        var tenantId = (await Host.CreateTenantAsync("forged-fields", "free")).GetProperty("id").GetString()!;
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tenants/{tenantId}");

        await page.Locator("select[name=plan] option[value=team]").EvaluateAsync("option => option.value = 'enterprise'");
        await page.Locator("select[name=plan]").SelectOptionAsync("enterprise");
        var forged = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(422, forged.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("plan");

        await page.GotoAsync($"/admin/tenants/{tenantId}");
        await page.Locator("form:has(button:text('Save'))").EvaluateAsync("form => form.insertAdjacentHTML('beforeend', '<input name=\"keys\" value=\"[]\">')");
        var unknown = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(422, unknown.Status);

        Assert.Equal("free", (await Host.GetTenantAsync(tenantId)).GetProperty("plan").GetString());
        Assert.Equal(1, await Host.AuditCountAsync(tenantId)); // its creation only
    }

    private StripeStub Stripe => dashboard.Stripe;

    private async Task<IPage> NewPageAsync()
    {
        var context = await dashboard.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Host.Address.ToString().TrimEnd('/') });
        context.SetDefaultTimeout((float)LoadedMachine.Patience.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignedInPageAsync()
    {
        var page = await NewPageAsync();
        await SignInAsync(page);
        return page;
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/admin/signin");
        await page.GetByLabel("Admin token").FillAsync(SluiceHost.AdminToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tenants" })).ToBeVisibleAsync();
    }

    private async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(dashboard.Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"the {name} screenshot is nearly empty");
    }

    private async Task<IAsyncDisposable> HoldReconciliationAsync()
    {
        var leases = Host.Services.GetRequiredService<JobLeases>();
        while (true)
        {
            if (await leases.TryAcquireAsync("stripe-reconciliation", Ct) is { } lease)
            {
                return lease;
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTimeOffset.UtcNow + LoadedMachine.Patience;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, failure);
            await Task.Delay(200, Ct);
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
