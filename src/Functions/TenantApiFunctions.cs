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
}
