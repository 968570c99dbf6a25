using System.Text.Json;
using Sluice.Admin;

namespace Sluice.Billing;

/// <summary>
/// Admin: the Stripe ledger (<c>/api/admin/billing/events</c>: list, read, replay) and reconciliation
/// (<c>/api/admin/billing/reconciliations</c>: run now, read reports). Written once for both hosts.
/// </summary>
public sealed class BillingAdminApi(
    AdminAuthenticator admins, BillingLedger ledger, BillingProcessor processor, ReconciliationReports reports, IOptions<StripeOptions> options, TimeProvider clock)
{
    public async Task<IResult> ListEventsAsync(HttpRequest request)
    {
        admins.Authenticate(request);
        var status = request.Query["status"].ToString() is { Length: > 0 } wanted ? wanted : null;
        if (status is not null && !LedgerStatus.All.Contains(status))
        {
            throw new ProblemException(ProblemTypes.MalformedRequest, $"status must be one of {string.Join(", ", LedgerStatus.All)}.");
        }

        var page = await ledger.ListAsync(status, QueryParameters.Continuation(request), QueryParameters.Limit(request), request.HttpContext.RequestAborted);
        return JsonResults.Ok(page);
    }

    public async Task<IResult> GetEventAsync(HttpRequest request, string eventId)
    {
        admins.Authenticate(request);
        var entry = await FindAsync(eventId, request.HttpContext.RequestAborted);
        var payload = await ledger.ReadPayloadAsync(entry, request.HttpContext.RequestAborted);
        return JsonResults.Ok(new LedgerEntryDetail(entry, JsonDocument.Parse(payload).RootElement.Clone()));
    }

    /// <summary>Applies the event again now, whatever it came to before (after fixing a price map, say); applying is idempotent.</summary>
    public async Task<IResult> ReplayEventAsync(HttpRequest request, string eventId)
    {
        admins.Authenticate(request);
        var entry = await FindAsync(eventId, request.HttpContext.RequestAborted);
        return JsonResults.Ok(await processor.ApplyAsync(entry, request.HttpContext.RequestAborted));
    }

    /// <summary>202 with the run's id and where its report will be; 409 while a run is in progress.</summary>
    public async Task<IResult> StartReconciliationAsync(HttpRequest request, IReconciliationStarter starter)
    {
        admins.Authenticate(request);
        var runId = await StartRunAsync(starter, request.HttpContext.RequestAborted);
        var location = $"/api/admin/billing/reconciliations/{runId}";
        request.HttpContext.Response.Headers.Location = location;
        return JsonResults.Accepted(new ReconciliationStarted(runId, location));
    }

    public async Task<IResult> ListReportsAsync(HttpRequest request)
    {
        admins.Authenticate(request);
        return JsonResults.Ok(new ItemList<ReconciliationReport>(await reports.ListAsync(QueryParameters.Limit(request), request.HttpContext.RequestAborted)));
    }

    public async Task<IResult> GetReportAsync(HttpRequest request, string runId)
    {
        admins.Authenticate(request);
        return await reports.GetAsync(runId, request.HttpContext.RequestAborted) is { } report
            ? JsonResults.Ok(report)
            : new Problem(ProblemTypes.ReportNotFound, $"There is no report '{runId}' (a run writes its report when it ends).").ToResult();
    }

    /// <summary>Starts a run now; its id. Refused while one runs (409) or without Stripe configured (503).</summary>
    public async Task<string> StartRunAsync(IReconciliationStarter starter, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            throw new ProblemException(ProblemTypes.BillingDisabled, "Stripe billing is not configured here (Sluice:Stripe:WebhookSecrets).");
        }

        var runId = ReconciliationReports.NewRunId(clock.GetUtcNow());
        if (!await starter.TryStartAsync(runId, cancellationToken))
        {
            throw new ProblemException(ProblemTypes.ReconciliationRunning, "A reconciliation is running now; its report appears among the reports when it ends.");
        }

        return runId;
    }

    /// <summary>The ledger entry of a Stripe event; a 404 problem if the ledger has none.</summary>
    public async Task<LedgerEntry> FindAsync(string eventId, CancellationToken cancellationToken) =>
        await ledger.FindAsync(eventId, cancellationToken)
        ?? throw new ProblemException(ProblemTypes.StripeEventNotFound, $"The ledger has no Stripe event '{eventId}'.");
}
