using Microsoft.Extensions.Logging;
using Sluice.Billing;

namespace Sluice.Dashboard;

/// <summary>Stripe: the ledger by status with replay, reconciliation reports, and starting a run.</summary>
public static class BillingPages
{
    public static async Task<IResult> ShowAsync(DashboardRequest dashboard, int status = StatusCodes.Status200OK, string? notice = null)
    {
        var wanted = dashboard.Query("status") is { } s && LedgerStatus.All.Contains(s) ? s : null;
        var ledger = dashboard.Service<BillingLedger>().ListAsync(wanted, dashboard.Query("continuation"), QueryParameters.DefaultLimit, dashboard.Aborted);
        var reports = dashboard.Service<ReconciliationReports>().ListAsync(20, dashboard.Aborted);
        await Task.WhenAll(ledger, reports);

        var filters = Html.Join(new[] { "all" }.Concat(LedgerStatus.All).Select(f => Html.Of(
            $"""<a href="{dashboard.Url(f == "all" ? "/billing" : $"/billing?status={f}")}"{(f == (wanted ?? "all") ? Html.Trusted(" aria-current=\"page\"") : Html.Empty)}>{f}</a> """)));
        var entries = ledger.Result.Items.Select(e => Html.Of($"""
            <tr><td><code>{e.EventId}</code></td><td>{e.Type}</td><td class="status-{e.Status}">{e.Status}</td><td>{e.TenantId}</td><td>{e.Detail}</td><td>{e.ReceivedAt}</td><td>{e.Attempts}</td>
            <td>{dashboard.Form($"/billing/events/{e.EventId}/replay", Html.Empty, "Replay", "secondary")}</td></tr>
            """));
        var runs = reports.Result.Select(r => Html.Of($"""
            <tr><td><a href="{dashboard.Url($"/billing/reconciliations/{r.Id}")}">{r.Id}</a></td><td>{r.Trigger}</td><td>{r.FinishedAt}</td>
            <td>{r.EventsReplayed} of {r.EventsListed}</td><td>{r.DriftFixed}</td><td>{r.StripeRetries}</td><td>{r.ErrorCount}</td></tr>
            """));
        return Layout.Page(dashboard, "Stripe", Html.Of($"""
            <h2>Ledger</h2>
            <p>Status: {filters}</p>
            <table><thead><tr><th>Event</th><th>Type</th><th>Status</th><th>Tenant</th><th>Detail</th><th>Received</th><th>Attempts</th><th></th></tr></thead><tbody>{entries}</tbody></table>
            {Html.When(ledger.Result.Items.Count == 0, $"""<p class="muted">No Stripe event{(wanted is null ? "" : " in this status")}.</p>""")}
            <h2>Reconciliation</h2>
            {dashboard.Form("/billing/reconciliations", Html.Empty, "Reconcile now")}
            <table><thead><tr><th>Run</th><th>Trigger</th><th>Finished</th><th>Events replayed</th><th>Drift fixed</th><th>Stripe retries</th><th>Errors</th></tr></thead><tbody>{runs}</tbody></table>
            {Html.When(reports.Result.Count == 0, $"""<p class="muted">No run has finished yet.</p>""")}
            """), status, notice);
    }

    public static async Task<IResult> ReplayAsync(DashboardRequest dashboard, string eventId)
    {
        var api = dashboard.Service<BillingAdminApi>();
        var entry = await dashboard.Service<BillingProcessor>().ApplyAsync(await api.FindAsync(eventId, dashboard.Aborted), dashboard.Aborted);
        dashboard.Service<ILogger<BillingProcessor>>().LogInformation("Stripe event {EventId} replayed by {Actor}: {Status}", eventId, dashboard.Actor, entry.Status);
        return await ShowAsync(dashboard, notice: $"Replayed {entry.EventId}: {entry.Status}{(entry.Detail is null ? "" : $" ({entry.Detail})")}.");
    }

    public static async Task<IResult> StartAsync(DashboardRequest dashboard)
    {
        try
        {
            var runId = await dashboard.Service<BillingAdminApi>().StartRunAsync(dashboard.Reconciliation, dashboard.Aborted);
            dashboard.Service<ILogger<BillingAdminApi>>().LogInformation("Reconciliation {RunId} started by {Actor}", runId, dashboard.Actor);
            return await ShowAsync(dashboard, StatusCodes.Status202Accepted, $"Reconciliation {runId} started; its report appears below when it ends.");
        }
        catch (ProblemException e) when (e.Problem.Type == ProblemTypes.ReconciliationRunning)
        {
            return await ShowAsync(dashboard, StatusCodes.Status409Conflict, e.Problem.Detail);
        }
    }

    public static async Task<IResult> ReportAsync(DashboardRequest dashboard, string runId)
    {
        var report = await dashboard.Service<ReconciliationReports>().GetAsync(runId, dashboard.Aborted)
            ?? throw new ProblemException(ProblemTypes.ReportNotFound, $"There is no report '{runId}' (a run writes its report when it ends).");
        return Layout.Page(dashboard, $"Reconciliation {report.Id}", Html.Of($"""
            <p>{report.Trigger} · {report.StartedAt} to {report.FinishedAt} · events since {report.EventsSince}</p>
            <div class="cards">
              <div class="card">Events replayed<strong>{report.EventsReplayed}</strong>of {report.EventsListed} listed</div>
              <div class="card">Tenants checked<strong>{report.TenantsChecked}</strong></div>
              <div class="card">Drift fixed<strong>{report.DriftFixed}</strong></div>
              <div class="card">Stripe retries<strong>{report.StripeRetries}</strong></div>
              <div class="card">Errors<strong>{report.ErrorCount}</strong></div>
            </div>
            <h2>Drift fixed</h2>
            <table><thead><tr><th>Tenant</th><th>Before</th><th>After</th></tr></thead><tbody>
            {report.Drift.Select(d => Html.Of($"""<tr><td><a href="{dashboard.Url($"/tenants/{d.TenantId}")}">{d.TenantId}</a></td><td>{d.Before}</td><td>{d.After}</td></tr>"""))}
            </tbody></table>
            <h2>Errors</h2>
            <table><thead><tr><th>Where</th><th>What</th></tr></thead><tbody>
            {report.Errors.Select(e => Html.Of($"""<tr><td>{e.Scope}</td><td>{e.Message}</td></tr>"""))}
            </tbody></table>
            """));
    }
}
