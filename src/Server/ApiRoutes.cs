using Microsoft.AspNetCore.Http.Timeouts;
using System.Text.Json;
using Sluice.Admin;
using Sluice.Audit;
using Sluice.Billing;
using Sluice.Dashboard;
using Sluice.Events;
using Sluice.Http;
using Sluice.Health;
using Sluice.Ingestion;
using Sluice.Keys;
using Sluice.Mcp;
using Sluice.Server.ApiReference;
using Sluice.Storage;
using Sluice.Tenants;
using Sluice.Tenants.Transfer;
using Sluice.Usage;
using static Sluice.Problems.ProblemTypes;
using static Sluice.Server.ApiReference.RouteDescriptions;

namespace Sluice.Server;

/// <summary>
/// Every route of the Server, each a one-line call into Domain, with what the OpenAPI document says about it: who
/// may call it, its body, its answers and its problems (<see cref="RouteDescriptions"/>).
/// </summary>
public static class ApiRoutes
{
    private const string Tenant = ApiTags.Events;
    private const string Admin = ApiTags.Tenants;
    private const string Operations = ApiTags.Operations;
    private const string Billing = ApiTags.Billing;
    private const string Agents = ApiTags.Agents;
    private const string Health = ApiTags.Health;

    /// <summary>The read API answers a read storage is slow to give with its last good answer, unless asked not to.</summary>
    private static readonly ApiParameter FreshRead = new("Cache-Control",
        "no-cache: wait for storage. Without it, a read storage has not answered within 150 ms, or that fails, is answered with " +
        "the same read's last good answer (at most 30 s old), which carries an Age header in seconds.", typeof(string), InHeader: true);

    public const string DashboardPath = "/admin";

    public static void Map(WebApplication app)
    {
        var serverOnly = new Dictionary<string, string>
        {
            ["GET " + ApiReferenceEndpoints.ReferencePath] = "this API's reference, to browse",
            ["GET " + DashboardPath] = "the admin dashboard (admin token)",
        };
        app.MapGet("/", () => Welcome.Answer(serverOnly))
            .Describe("getWelcome", Health, "Where to go next", ApiAccess.Anyone).Answers<WelcomeView>();
        app.MapGet("/health/live", (HttpRequest request, HealthEndpoints health) => health.LiveAsync(request))
            .Describe("getLiveness", Health, "The process answers", ApiAccess.Anyone).Answers<HealthView>();
        app.MapGet("/health/ready", (HttpRequest request, HealthEndpoints health) => health.ReadyAsync(request))
            .Describe("getReadiness", Health, "Tenant validation, the queue and storage answer; 503 with each check when not", ApiAccess.Anyone)
            .Answers<HealthView>().Answers<HealthView>(StatusCodes.Status503ServiceUnavailable);

        MapTenantApi(app);
        MapMcp(app);
        app.MapPost("/api/webhooks/stripe", (HttpRequest request, StripeWebhookApi api) => api.ReceiveAsync(request))
            .Describe("receiveStripeEvent", Billing, "Stripe's webhook: verified, recorded once in the ledger, queued", ApiAccess.StripeSignature,
                PayloadTooLarge, MalformedStripeEvent)
            .Body<JsonElement>().Answers<StripeEventReceipt>();
        MapAdminApi(app.MapGroup("/api/admin"));

        // The admin dashboard: HTML for people, not part of the API's description.
        app.MapMethods(DashboardPath + "/{**page}", [HttpMethods.Get, HttpMethods.Post], (HttpContext context, DashboardEndpoint dashboard, IReconciliationStarter starter) =>
                dashboard.HandleAsync(context, DashboardPath, starter))
            .ExcludeFromDescription();
    }

    private static void MapTenantApi(WebApplication app)
    {
        app.MapGet("/api/me", (HttpRequest request, MeApi me) => me.GetAsync(request))
            .Describe("getMe", Tenant, "The tenant and the key calling", ApiAccess.TenantKey(ApiKeyScope.Read)).Answers<MeView>();
        app.MapPost("/api/events", (HttpRequest request, IngestApi api) => api.PostAsync(request))
            .Describe("sendEvents", Tenant, "Send one event, or up to 100 all or none; 202 once durably queued", ApiAccess.TenantKey(ApiKeyScope.Ingest),
                [.. JsonBodyProblems, InvalidEvents, EventIdConflict, BatchOverRateLimit, RateLimited, QuotaExceeded])
            .Body<EventInput>().Answers<EventsAccepted>(StatusCodes.Status202Accepted)
            .WithMetadata(new ApiAlternativeBody(typeof(EventBatchInput)));
        app.MapGet("/api/events", (HttpRequest request, EventsApi api) => api.ListAsync(request))
            .Describe("listEvents", Tenant, "The tenant's log, newest first", ApiAccess.TenantKey(ApiKeyScope.Read), MalformedRequest)
            .With(new ApiParameter("type", "Only events of this type.", typeof(string)))
            .With(new ApiParameter("from", "Only events received at or after this time (RFC 3339).", typeof(string), Format: "date-time"))
            .With(new ApiParameter("until", "Only events received before this time (RFC 3339).", typeof(string), Format: "date-time"))
            .With(FreshRead)
            .Paged().Answers<Listing<EventView>>();
        app.MapGet("/api/events/{eventId}", (HttpRequest request, string eventId, EventsApi api) => api.GetAsync(request, eventId))
            .Describe("getEvent", Tenant, "One event of the tenant's log", ApiAccess.TenantKey(ApiKeyScope.Read), EventNotFound).Answers<EventView>();
        app.MapGet("/api/usage", (HttpRequest request, UsageApi api) => api.GetAsync(request))
            .Describe("getUsage", Tenant, "This month's usage against the plan's limits, and the log's retention", ApiAccess.TenantKey(ApiKeyScope.Read))
            .With(FreshRead)
            .Answers<UsageView>();
        app.MapGet("/api/conflicts", (HttpRequest request, ConflictsApi api) => api.ListAsync(request))
            .Describe("listConflicts", Tenant, "Events refused because their id was taken by other content", ApiAccess.TenantKey(ApiKeyScope.Read), MalformedRequest)
            .Paged(continued: false).Answers<ItemList<EventConflict>>();
    }

    private static void MapMcp(WebApplication app)
    {
        var session = new ApiParameter("Mcp-Session-Id", "The session that initialize answered with (protocol revisions up to 2025-11-25).", typeof(string), InHeader: true);
        app.MapPost("/mcp", (HttpContext context, McpEndpoint mcp) => mcp.HandleAsync(context))
            .Describe("postMcpMessage", Agents, "A JSON-RPC message of the Model Context Protocol (Streamable HTTP)", ApiAccess.TenantKey(ApiKeyScope.Read),
                [.. JsonBodyProblems, MalformedRequest, SessionRequired, SessionNotFound])
            .With(session).Body<JsonElement>().Answers<JsonElement>().Produces(StatusCodes.Status202Accepted);
        app.MapDelete("/mcp", (HttpContext context, McpEndpoint mcp) => mcp.HandleAsync(context))
            .Describe("endMcpSession", Agents, "End an MCP session", ApiAccess.TenantKey(ApiKeyScope.Read), SessionRequired, SessionNotFound)
            .With(session).Produces(StatusCodes.Status204NoContent);
        app.MapGet("/mcp", (HttpContext context, McpEndpoint mcp) => mcp.HandleAsync(context))
            .Describe("openMcpStream", Agents, "Not offered: Sluice sends no server-initiated messages", ApiAccess.TenantKey(ApiKeyScope.Read), MethodNotAllowed);
    }

    private static void MapAdminApi(RouteGroupBuilder admin)
    {
        var tenantBody = JsonBodyProblems.Append(ValidationFailed).ToArray();
        admin.MapPost("/tenants", (HttpRequest request, AdminApi api) => api.CreateTenantAsync(request))
            .Describe("createTenant", Admin, "Create a tenant", ApiAccess.AdminToken, tenantBody)
            .Body<TenantCreation>().Answers<TenantView>(StatusCodes.Status201Created);
        admin.MapGet("/tenants", (HttpRequest request, AdminApi api) => api.ListTenantsAsync(request))
            .Describe("listTenants", Admin, "Every tenant, paged", ApiAccess.AdminToken, MalformedRequest).Paged().Answers<Listing<TenantView>>();
        admin.MapGet("/tenants/{tenantId}", (HttpRequest request, string tenantId, AdminApi api) => api.GetTenantAsync(request, tenantId))
            .Describe("getTenant", Admin, "One tenant, with its keys (no secrets)", ApiAccess.AdminToken, TenantNotFound).Answers<TenantView>();
        admin.MapPatch("/tenants/{tenantId}", (HttpRequest request, string tenantId, AdminApi api) => api.UpdateTenantAsync(request, tenantId))
            .Describe("updateTenant", Admin, "Change a tenant's name, plan, status or overrides (audited)", ApiAccess.AdminToken, [.. tenantBody, TenantNotFound, ConcurrentUpdate])
            .Body<TenantUpdate>().Answers<TenantView>();
        admin.MapGet("/tenants/{tenantId}/export", (HttpRequest request, string tenantId, TenantTransferApi api) => api.ExportAsync(request, tenantId))
            .Describe("exportTenant", Admin, "Stream a tenant as NDJSON: its rows as stored (key hashes, never keys), then a trailer with counts and a checksum", ApiAccess.AdminToken, TenantNotFound)
            .Produces<string>(StatusCodes.Status200OK, TenantTransferApi.MediaType)
            .DisableRequestTimeout(); // as long as the tenant's log: the stream itself is the progress
        admin.MapPost("/tenants/import", (HttpRequest request, TenantTransferApi api) => api.ImportAsync(request))
            .Describe("importTenant", Admin, "Import a tenant export, here or after a restore; checked whole before anything is written, idempotent, audited", ApiAccess.AdminToken,
                UnsupportedMediaType, InvalidExport)
            .Accepts<string>(TenantTransferApi.MediaType).Answers<TenantImported>()
            .DisableRequestTimeout();
        admin.MapGet("/tenants/{tenantId}/audit", (HttpRequest request, string tenantId, AdminApi api) => api.ListAuditAsync(request, tenantId))
            .Describe("listAudit", Admin, "Every change to the tenant, newest first: who, what, when, before and after", ApiAccess.AdminToken, MalformedRequest, TenantNotFound)
            .Paged().Answers<Listing<AuditEntryView>>();
        admin.MapPost("/tenants/{tenantId}/keys", (HttpRequest request, string tenantId, AdminApi api) => api.IssueKeyAsync(request, tenantId))
            .Describe("issueKey", Admin, "Issue an API key; the key is in this answer only", ApiAccess.AdminToken, [.. tenantBody, TenantNotFound, KeyLimitReached, ConcurrentUpdate])
            .Body<KeyIssue>().Answers<IssuedKeyView>(StatusCodes.Status201Created);
        admin.MapGet("/tenants/{tenantId}/keys", (HttpRequest request, string tenantId, AdminApi api) => api.ListKeysAsync(request, tenantId))
            .Describe("listKeys", Admin, "A tenant's keys, without secrets", ApiAccess.AdminToken, TenantNotFound).Answers<ApiKeyView[]>();
        admin.MapPost("/tenants/{tenantId}/keys/{keyId}/rotate", (HttpRequest request, string tenantId, string keyId, AdminApi api) => api.RotateKeyAsync(request, tenantId, keyId))
            .Describe("rotateKey", Admin, "Replace a key, optionally keeping the old one working for a grace period", ApiAccess.AdminToken,
                [.. tenantBody, TenantNotFound, KeyNotFound, KeyAlreadyRevoked, ConcurrentUpdate])
            .Body<KeyRotation>(optional: true).Answers<IssuedKeyView>(StatusCodes.Status201Created);
        admin.MapDelete("/tenants/{tenantId}/keys/{keyId}", (HttpRequest request, string tenantId, string keyId, AdminApi api) => api.RevokeKeyAsync(request, tenantId, keyId))
            .Describe("revokeKey", Admin, "Revoke a key (idempotent)", ApiAccess.AdminToken, TenantNotFound, KeyNotFound, ConcurrentUpdate).Answers<ApiKeyView>();

        admin.MapGet("/dead-letters", (HttpRequest request, DeadLettersApi api) => api.ListAsync(request))
            .Describe("listDeadLetters", Operations, "Messages that kept failing, with the reason", ApiAccess.AdminToken, MalformedRequest)
            .Paged(continued: false).Answers<ItemList<DeadLetter>>();
        admin.MapPost("/dead-letters/{id}/replay", (HttpRequest request, string id, DeadLettersApi api) => api.ReplayAsync(request, id))
            .Describe("replayDeadLetter", Operations, "Send a dead letter back to be processed (processing is idempotent)", ApiAccess.AdminToken, DeadLetterNotFound)
            .Answers<DeadLetterReplayed>(StatusCodes.Status202Accepted);

        admin.MapGet("/billing/events", (HttpRequest request, BillingAdminApi api) => api.ListEventsAsync(request))
            .Describe("listStripeEvents", Billing, "The Stripe ledger, newest first", ApiAccess.AdminToken, MalformedRequest)
            .With(new ApiParameter("status", "Only entries in this status.", typeof(string), Names: LedgerStatus.All))
            .Paged().Answers<Listing<LedgerEntry>>();
        admin.MapGet("/billing/events/{eventId}", (HttpRequest request, string eventId, BillingAdminApi api) => api.GetEventAsync(request, eventId))
            .Describe("getStripeEvent", Billing, "One ledger entry, with the event as Stripe sent it", ApiAccess.AdminToken, StripeEventNotFound)
            .Answers<LedgerEntryDetail>();
        admin.MapPost("/billing/events/{eventId}/replay", (HttpRequest request, string eventId, BillingAdminApi api) => api.ReplayEventAsync(request, eventId))
            .Describe("replayStripeEvent", Billing, "Apply a Stripe event again now (idempotent); answers the entry as it ends", ApiAccess.AdminToken, StripeEventNotFound)
            .Answers<LedgerEntry>();
        admin.MapPost("/billing/reconciliations", (HttpRequest request, BillingAdminApi api, IReconciliationStarter starter) => api.StartReconciliationAsync(request, starter))
            .Describe("startReconciliation", Billing, "Reconcile every tenant's plan with Stripe now; 409 while a run is in progress", ApiAccess.AdminToken,
                ReconciliationRunning, BillingDisabled)
            .Answers<ReconciliationStarted>(StatusCodes.Status202Accepted);
        admin.MapGet("/billing/reconciliations", (HttpRequest request, BillingAdminApi api) => api.ListReportsAsync(request))
            .Describe("listReconciliations", Billing, "Reconciliation reports, newest first", ApiAccess.AdminToken, MalformedRequest)
            .Paged(continued: false).Answers<ItemList<ReconciliationReport>>();
        admin.MapGet("/billing/reconciliations/{runId}", (HttpRequest request, string runId, BillingAdminApi api) => api.GetReportAsync(request, runId))
            .Describe("getReconciliation", Billing, "One run's report: events replayed, drift fixed, Stripe retries, errors", ApiAccess.AdminToken, ReportNotFound)
            .Answers<ReconciliationReport>();
    }
}
