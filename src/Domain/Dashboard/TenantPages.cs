using Sluice.Admin;
using Sluice.Audit;
using Sluice.Events;
using Sluice.Keys;
using Sluice.Sessions;
using Sluice.Tenants;
using Sluice.Usage;

namespace Sluice.Dashboard;

/// <summary>Tenants: find one, create one, and everything the runbook does to one (plan, overrides, status, keys, audit).</summary>
public static class TenantPages
{
    private const int SearchPages = 20;

    public static async Task<IResult> ListAsync(DashboardRequest dashboard)
    {
        var search = dashboard.Query("q");
        var store = dashboard.Service<ITenantStore>();
        var found = new List<Tenant>();
        string? continuation = dashboard.Query("continuation");
        for (var page = 0; page < (search is null ? 1 : SearchPages) && (page == 0 || continuation is not null); page++)
        {
            var listing = await store.ListAsync(continuation, QueryParameters.DefaultLimit, dashboard.Aborted);
            found.AddRange(listing.Items.Where(t => search is null
                || t.Id.Contains(search, StringComparison.OrdinalIgnoreCase) || t.Name.Contains(search, StringComparison.OrdinalIgnoreCase)));
            continuation = listing.Continuation;
        }

        var rows = found.Select(t => Html.Of($"""
            <tr><td><a href="{dashboard.Url($"/tenants/{t.Id}")}">{t.Name}</a></td><td><code>{t.Id}</code></td><td>{WireEnum.Name(t.Plan)}</td>
            <td class="status-{WireEnum.Name(t.Status)}">{WireEnum.Name(t.Status)}</td><td>{t.Keys.Count(k => k.RevokedAt is null)}</td><td>{t.CreatedAt}</td></tr>
            """));
        return Layout.Page(dashboard, "Tenants", Html.Of($"""
            <form method="get" action="{dashboard.Url("/tenants")}" role="search">
              <label>Name or id <input type="search" name="q" value="{search}"></label><button type="submit" class="secondary">Search</button>
            </form>
            <a href="{dashboard.Url("/tenants/new")}">Create a tenant</a>
            <table><thead><tr><th>Name</th><th>Id</th><th>Plan</th><th>Status</th><th>Active keys</th><th>Created</th></tr></thead>
            <tbody>{rows}</tbody></table>
            {Html.When(found.Count == 0, $"""<p class="muted">No tenant matches.</p>""")}
            {Html.When(search is null && continuation is not null, $"""<p><a href="{dashboard.Url("/tenants?continuation=" + Uri.EscapeDataString(continuation ?? ""))}">Next page</a></p>""")}
            """));
    }

    public static IResult New(DashboardRequest dashboard) =>
        Layout.Page(dashboard, "Create a tenant", dashboard.Form("/tenants", Html.Of($"""
            <label>Name <input name="name" required maxlength="{AdminFields.MaxNameLength}"></label>
            <label>Plan {PlanSelect(Plan.Free)}</label>
            <label>Events per minute (empty: the plan's) <input name="rateLimitOverride" inputmode="numeric"></label>
            """), "Create"));

    public static async Task<IResult> CreateAsync(DashboardRequest dashboard)
    {
        var (name, plan, rateLimitOverride) = AdminFields.Creation(await FormFields.ReadAsync(dashboard, numbers: ["rateLimitOverride"]));
        var tenant = await dashboard.Service<TenantAdministration>().CreateTenantAsync(dashboard.Actor, name, plan, rateLimitOverride, dashboard.Aborted);
        return Layout.SeeOther(dashboard, $"/tenants/{tenant.Id}?notice=created");
    }

    public static async Task<IResult> ShowAsync(DashboardRequest dashboard, string tenantId, IssuedKeyView? issued = null)
    {
        var tenant = await dashboard.Service<TenantAdministration>().GetTenantAsync(tenantId, dashboard.Aborted);
        var usage = dashboard.Service<UsageReport>().ForAsync(tenant, dashboard.Aborted);
        var events = dashboard.Service<EventLogReader>().ReadAsync(tenant.Id, null, null, null, null, 10, dashboard.Aborted);
        var sessions = dashboard.Service<SessionStore>().ListLiveAsync(tenant.Id, dashboard.Aborted);
        var audit = dashboard.Service<ITenantStore>().ListAuditAsync(tenant.Id, null, 20, dashboard.Aborted);
        await Task.WhenAll(usage, events, sessions, audit);

        var notice = dashboard.Query("notice") switch
        {
            "created" => "Tenant created.",
            "updated" => "Saved.",
            "revoked" => "Key revoked: the next request with it is refused.",
            _ => null,
        };
        return Layout.Page(dashboard, tenant.Name, Html.Join(
        [
            issued is null ? Html.Empty : IssuedKey(issued),
            Summary(tenant, usage.Result),
            Settings(dashboard, tenant),
            Keys(dashboard, tenant),
            RecentEvents(events.Result.Events),
            Sessions(sessions.Result),
            Audit(audit.Result.Items),
        ]), notice: notice);
    }

    public static async Task<IResult> UpdateAsync(DashboardRequest dashboard, string tenantId)
    {
        var changes = AdminFields.Changes(await FormFields.ReadAsync(dashboard, numbers: ["rateLimitOverride", "retentionDaysOverride"]));
        await dashboard.Service<TenantAdministration>().UpdateTenantAsync(dashboard.Actor, tenantId, changes, dashboard.Aborted);
        return Layout.SeeOther(dashboard, $"/tenants/{tenantId}?notice=updated");
    }

    public static async Task<IResult> IssueKeyAsync(DashboardRequest dashboard, string tenantId)
    {
        var (name, scopes) = AdminFields.KeyIssue(await FormFields.ReadAsync(dashboard, lists: ["scopes"]));
        var issued = await dashboard.Service<TenantAdministration>().IssueKeyAsync(dashboard.Actor, tenantId, name, scopes, dashboard.Aborted);
        return await ShowAsync(dashboard, tenantId, issued);
    }

    public static async Task<IResult> RotateKeyAsync(DashboardRequest dashboard, string tenantId, string keyId)
    {
        var grace = AdminFields.RotationGrace(await FormFields.ReadAsync(dashboard, numbers: ["graceSeconds"]));
        var issued = await dashboard.Service<TenantAdministration>().RotateKeyAsync(dashboard.Actor, tenantId, keyId, grace, dashboard.Aborted);
        return await ShowAsync(dashboard, tenantId, issued);
    }

    public static async Task<IResult> RevokeKeyAsync(DashboardRequest dashboard, string tenantId, string keyId)
    {
        await dashboard.Service<TenantAdministration>().RevokeKeyAsync(dashboard.Actor, tenantId, keyId, dashboard.Aborted);
        return Layout.SeeOther(dashboard, $"/tenants/{tenantId}?notice=revoked");
    }

    private static Html IssuedKey(IssuedKeyView issued) => Html.Of($"""
        <section class="notice" role="status">
          <h2>New key “{issued.Key.Name}” ({string.Join(", ", issued.Key.Scopes)})</h2>
          <p>Copy it now: it is shown only this once, and only its hash is stored.</p>
          <p class="secret" id="issued-key">{issued.ApiKey}</p>
          <button type="button" data-copy="issued-key">Copy</button>
        </section>
        """);

    private static Html Summary(Tenant tenant, UsageView usage) => Html.Of($"""
        <p><code>{tenant.Id}</code> · <span class="status-{WireEnum.Name(tenant.Status)}">{WireEnum.Name(tenant.Status)}</span> · created {tenant.CreatedAt}</p>
        <div class="cards">
          <div class="card"><span>Plan</span><strong>{usage.Plan}</strong></div>
          <div class="card"><span>Accepted in {usage.Month}</span><strong>{usage.Accepted:N0}</strong><span>of {usage.MonthlyQuota:N0}</span></div>
          <div class="card"><span>Processed</span><strong>{usage.Processed:N0}</strong></div>
          <div class="card"><span>Rate</span><strong>{usage.EventsPerMinute:N0}</strong><span>events per minute</span></div>
          <div class="card"><span>Retention</span><strong>{usage.RetentionDays}</strong><span>days</span></div>
        </div>
        """);

    private static Html Settings(DashboardRequest dashboard, Tenant tenant)
    {
        var suspended = tenant.Status == TenantStatus.Suspended;
        return Html.Of($"""
            <h2>Plan and limits</h2>
            {dashboard.Form($"/tenants/{tenant.Id}", Html.Of($"""
                <label>Name <input name="name" value="{tenant.Name}" required maxlength="{AdminFields.MaxNameLength}"></label>
                <label>Plan {PlanSelect(tenant.Plan)}</label>
                <label>Events per minute (empty: the plan's) <input name="rateLimitOverride" value="{tenant.RateLimitOverride}" inputmode="numeric"></label>
                <label>Retention days (empty: the plan's) <input name="retentionDaysOverride" value="{tenant.RetentionDaysOverride}" inputmode="numeric"></label>
                """), "Save")}
            <h2>Status</h2>
            {dashboard.Form($"/tenants/{tenant.Id}", Html.Of($"""<input type="hidden" name="status" value="{(suspended ? "active" : "suspended")}">"""),
                suspended ? "Resume" : "Suspend", suspended ? null : "danger")}
            """);
    }

    private static Html Keys(DashboardRequest dashboard, Tenant tenant)
    {
        var rows = tenant.Keys.Select(ApiKeyView.Of).Select(k => Html.Of($"""
            <tr><td>{k.Name}</td><td><code>{k.Id}</code></td><td>{string.Join(", ", k.Scopes)}</td><td>{k.CreatedAt}</td>
            <td>{(k.RevokedAt is { } revoked ? Html.Of($"revoked {revoked}") : Html.Of($"""
                {dashboard.Form($"/tenants/{tenant.Id}/keys/{k.Id}/rotate", Html.Of($"""<label>Grace seconds <input name="graceSeconds" value="0" size="6" inputmode="numeric"></label>"""), "Rotate", "secondary")}
                {dashboard.Form($"/tenants/{tenant.Id}/keys/{k.Id}/revoke", Html.Empty, "Revoke", "danger")}
                """))}</td></tr>
            """));
        return Html.Of($"""
            <h2>API keys</h2>
            <table><thead><tr><th>Name</th><th>Id</th><th>Scopes</th><th>Created</th><th></th></tr></thead><tbody>{rows}</tbody></table>
            {dashboard.Form($"/tenants/{tenant.Id}/keys", Html.Of($"""
                <label>Name <input name="name" value="default" maxlength="{AdminFields.MaxNameLength}"></label>
                <label><span><input type="checkbox" name="scopes" value="ingest" checked> ingest</span></label>
                <label><span><input type="checkbox" name="scopes" value="read" checked> read</span></label>
                """), "Issue a key")}
            """);
    }

    private static Html RecentEvents(IReadOnlyList<StoredEvent> events) => Html.Of($"""
        <h2>Recent events</h2>
        <table><thead><tr><th>Received</th><th>Id</th><th>Type</th><th>Payload</th></tr></thead><tbody>
        {events.Select(e => Html.Of($"""<tr><td>{e.ReceivedAt}</td><td><code>{e.Id}</code></td><td>{e.Type}</td><td><pre>{e.Payload}</pre></td></tr>"""))}
        </tbody></table>
        {Html.When(events.Count == 0, $"""<p class="muted">No event in the log yet.</p>""")}
        """);

    private static Html Sessions(IReadOnlyList<StoredSession> sessions) => Html.Of($"""
        <h2>Live MCP sessions</h2>
        <table><thead><tr><th>Session</th><th>Protocol</th><th>Opened</th><th>Last used</th><th>Expires</th></tr></thead><tbody>
        {sessions.Select(s => Html.Of($"""<tr><td><code>{s.Id}</code></td><td>{s.ProtocolVersion}</td><td>{s.CreatedAt}</td><td>{s.LastSeenAt}</td><td>{s.ExpiresAt}</td></tr>"""))}
        </tbody></table>
        {Html.When(sessions.Count == 0, $"""<p class="muted">No live session.</p>""")}
        """);

    private static Html Audit(IReadOnlyList<AuditEntry> entries) => Html.Of($"""
        <h2>Audit trail</h2>
        <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Before</th><th>After</th></tr></thead><tbody>
        {entries.Select(AuditEntryView.Of).Select(a => Html.Of($"""<tr><td>{a.At}</td><td>{a.Actor}</td><td>{a.Action} {a.Target}</td><td><pre>{a.Before?.ToString()}</pre></td><td><pre>{a.After?.ToString()}</pre></td></tr>"""))}
        </tbody></table>
        """);

    private static Html PlanSelect(Plan current) => Html.Of($"""
        <select name="plan">{WireEnum.Names<Plan>().Select(p => Html.Of($"""<option value="{p}"{(p == WireEnum.Name(current) ? Html.Trusted(" selected") : Html.Empty)}>{p}</option>"""))}</select>
        """);
}
