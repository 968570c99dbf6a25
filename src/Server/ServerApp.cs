using System.Text;
using Sluice.Server.ApiReference;
using Sluice.Server.Jobs;
using Sluice.Server.Processing;
using Sluice.Server.Queues;
using Sluice.Http;
using Sluice.Problems;

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
        // No Server header: it tells a prober which stack to aim at and tells clients nothing.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
            kestrel.AddServerHeader = false;
            ConnectionLimits.Apply(kestrel, builder.Configuration);
        });

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
        ApiReferenceEndpoints.Add(services);

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
        ApiReferenceEndpoints.Map(app);
        ApiRoutes.Map(app);
    }
}
