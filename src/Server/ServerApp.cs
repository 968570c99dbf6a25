using System.Text;
using Sluice.Admin;
using Sluice.Billing;
using Sluice.Events;
using Sluice.Health;
using Sluice.Ingestion;
using Sluice.Mcp;
using Sluice.Server.Jobs;
using Sluice.Server.Processing;
using Sluice.Server.Queues;
using Sluice.Usage;
using Sluice.Http;
using Sluice.Problems;
using Sluice.Tenants;

namespace Sluice.Server;

/// <summary>
/// The ASP.NET Core host: Domain services plus routes, each route a one-line call into Domain. Used by Program and
/// by the tests, which start it on a loopback port against their own Azurite tables.
/// </summary>
public static class ServerApp
{
    public static void Configure(WebApplicationBuilder builder)
    {
        // Header bytes outside ASCII reach Sluice's checks (a key that is not a key gets its 401 problem) instead of
        // Kestrel's bare 400.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1);

        // ASP.NET Core writes several info lines per request; Sluice's own logs and warnings stay. Configuration that
        // names the category (Logging:LogLevel:Microsoft.AspNetCore) still decides.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        var services = builder.Services;
        services.AddSluiceDomain(builder.Configuration);
        RequestProtection.Add(builder);
        MetricsEndpoint.Add(builder);

        services.AddStorageQueueTransport();
        services.AddHostedService<BacklogSampler>();
        services.AddServerJobs(builder.Configuration);
        if (builder.Configuration.GetValue("Sluice:Processing:Enabled", defaultValue: true))
        {
            services.AddHostedService<EventQueueWorker>();
            services.AddHostedService<BillingQueueWorker>();
        }
    }

    public static void Map(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sluice.Server");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                if (!await UnhandledExceptions.TryWriteAsync(context, e, logger))
                {
                    throw;
                }
            }
        });
        RequestProtection.Use(app);
        app.UseStatusCodePages(context =>
            UnansweredRoutes.Problem(context.HttpContext.Request, context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));

        MetricsEndpoint.Map(app);
        app.MapGet("/", () => Welcome.Answer());
        app.MapGet("/health/live", (HttpRequest request, HealthEndpoints health) => health.LiveAsync(request));
        app.MapGet("/health/ready", (HttpRequest request, HealthEndpoints health) => health.ReadyAsync(request));
        app.MapGet("/api/me", (HttpRequest request, MeApi me) => me.GetAsync(request));
        app.MapPost("/api/events", (HttpRequest request, IngestApi api) => api.PostAsync(request));
        app.MapGet("/api/events", (HttpRequest request, EventsApi api) => api.ListAsync(request));
        app.MapGet("/api/events/{eventId}", (HttpRequest request, string eventId, EventsApi api) => api.GetAsync(request, eventId));
        app.MapGet("/api/usage", (HttpRequest request, UsageApi api) => api.GetAsync(request));
        app.MapGet("/api/conflicts", (HttpRequest request, ConflictsApi api) => api.ListAsync(request));
        app.MapMethods("/mcp", [HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete], (HttpContext context, McpEndpoint mcp) => mcp.HandleAsync(context));
        app.MapPost("/api/webhooks/stripe", (HttpRequest request, StripeWebhookApi api) => api.ReceiveAsync(request));

        var admin = app.MapGroup("/api/admin");
        admin.MapPost("/tenants", (HttpRequest request, AdminApi api) => api.CreateTenantAsync(request));
        admin.MapGet("/tenants", (HttpRequest request, AdminApi api) => api.ListTenantsAsync(request));
        admin.MapGet("/tenants/{tenantId}", (HttpRequest request, string tenantId, AdminApi api) => api.GetTenantAsync(request, tenantId));
        admin.MapPatch("/tenants/{tenantId}", (HttpRequest request, string tenantId, AdminApi api) => api.UpdateTenantAsync(request, tenantId));
        admin.MapGet("/tenants/{tenantId}/audit", (HttpRequest request, string tenantId, AdminApi api) => api.ListAuditAsync(request, tenantId));
        admin.MapPost("/tenants/{tenantId}/keys", (HttpRequest request, string tenantId, AdminApi api) => api.IssueKeyAsync(request, tenantId));
        admin.MapGet("/tenants/{tenantId}/keys", (HttpRequest request, string tenantId, AdminApi api) => api.ListKeysAsync(request, tenantId));
        admin.MapPost("/tenants/{tenantId}/keys/{keyId}/rotate", (HttpRequest request, string tenantId, string keyId, AdminApi api) => api.RotateKeyAsync(request, tenantId, keyId));
        admin.MapDelete("/tenants/{tenantId}/keys/{keyId}", (HttpRequest request, string tenantId, string keyId, AdminApi api) => api.RevokeKeyAsync(request, tenantId, keyId));
        admin.MapGet("/dead-letters", (HttpRequest request, DeadLettersApi api) => api.ListAsync(request));
        admin.MapPost("/dead-letters/{id}/replay", (HttpRequest request, string id, DeadLettersApi api) => api.ReplayAsync(request, id));
        admin.MapGet("/billing/events", (HttpRequest request, BillingAdminApi api) => api.ListEventsAsync(request));
        admin.MapGet("/billing/events/{eventId}", (HttpRequest request, string eventId, BillingAdminApi api) => api.GetEventAsync(request, eventId));
        admin.MapPost("/billing/events/{eventId}/replay", (HttpRequest request, string eventId, BillingAdminApi api) => api.ReplayEventAsync(request, eventId));
        admin.MapPost("/billing/reconciliations", (HttpRequest request, BillingAdminApi api, IReconciliationStarter starter) => api.StartReconciliationAsync(request, starter));
        admin.MapGet("/billing/reconciliations", (HttpRequest request, BillingAdminApi api) => api.ListReportsAsync(request));
        admin.MapGet("/billing/reconciliations/{runId}", (HttpRequest request, string runId, BillingAdminApi api) => api.GetReportAsync(request, runId));
    }
}
