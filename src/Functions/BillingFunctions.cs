using Microsoft.DurableTask.Client;
using Sluice.Billing;

namespace Sluice.Functions;

/// <summary>Stripe over HTTP: the webhook, and the admin routes over the ledger and reconciliation.</summary>
public sealed class BillingFunctions(StripeWebhookApi webhook, BillingAdminApi admin)
{
    [Function("StripeWebhook")]
    public Task<IActionResult> StripeWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/stripe")] HttpRequest request) =>
        webhook.ReceiveAsync(request).AsAction();

    [Function("ListStripeEvents")]
    public Task<IActionResult> ListStripeEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/events")] HttpRequest request) =>
        admin.ListEventsAsync(request).AsAction();

    [Function("GetStripeEvent")]
    public Task<IActionResult> GetStripeEvent([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/events/{eventId}")] HttpRequest request, string eventId) =>
        admin.GetEventAsync(request, eventId).AsAction();

    [Function("ReplayStripeEvent")]
    public Task<IActionResult> ReplayStripeEvent([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/billing/events/{eventId}/replay")] HttpRequest request, string eventId) =>
        admin.ReplayEventAsync(request, eventId).AsAction();

    [Function("StartReconciliation")]
    public Task<IActionResult> StartReconciliation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/billing/reconciliations")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        admin.StartReconciliationAsync(request, new ReconciliationOrchestrationStarter(client, "admin")).AsAction();

    [Function("ListReconciliationReports")]
    public Task<IActionResult> ListReconciliationReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/reconciliations")] HttpRequest request) =>
        admin.ListReportsAsync(request).AsAction();

    [Function("GetReconciliationReport")]
    public Task<IActionResult> GetReconciliationReport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/reconciliations/{runId}")] HttpRequest request, string runId) =>
        admin.GetReportAsync(request, runId).AsAction();
}
