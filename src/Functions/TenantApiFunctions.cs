using Sluice.Events;
using Sluice.Ingestion;
using Sluice.Tenants;
using Sluice.Usage;

namespace Sluice.Functions;

/// <summary>The tenant-facing API: the same routes and handlers as the Server (routePrefix is empty in host.json).</summary>
public sealed class TenantApiFunctions(MeApi me, IngestApi ingest, EventsApi events, UsageApi usage, ConflictsApi conflicts)
{
    [Function("GetMe")]
    public Task<IActionResult> GetMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest request) =>
        me.GetAsync(request).AsAction();

    [Function("PostEvents")]
    public Task<IActionResult> PostEvents([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events")] HttpRequest request) =>
        ingest.PostAsync(request).AsAction();

    [Function("ListEvents")]
    public Task<IActionResult> ListEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events")] HttpRequest request) =>
        events.ListAsync(request).AsAction();

    [Function("GetEvent")]
    public Task<IActionResult> GetEvent([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}")] HttpRequest request, string eventId) =>
        events.GetAsync(request, eventId).AsAction();

    [Function("GetUsage")]
    public Task<IActionResult> GetUsage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/usage")] HttpRequest request) =>
        usage.GetAsync(request).AsAction();

    [Function("ListConflicts")]
    public Task<IActionResult> ListConflicts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/conflicts")] HttpRequest request) =>
        conflicts.ListAsync(request).AsAction();

    /// <summary>
    /// Anything else: the Server's 404 problem, not the host's empty page. Never the host's own routes: with an empty
    /// route prefix a bare catch-all intercepted <c>/admin/...</c> (azure-functions-host issue 2590), and
    /// <c>/runtime/webhooks/...</c> (the Durable Task and other extensions' endpoints) is as exposed.
    /// </summary>
    public const string UnansweredRoute = "{*path:regex(^(?!(admin|runtime)(/|$)).*$)}";

    [Function("Unanswered")]
    public IActionResult Unanswered(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = UnansweredRoute)] HttpRequest request) =>
        new ResultAction(HttpMethods.IsGet(request.Method) && request.Path.Value is null or "" or "/" ? Welcome.Answer() : UnansweredRoutes.Problem(request));
}
