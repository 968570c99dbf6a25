using System.Net;
using OpenTelemetry.Metrics;
using Sluice.Admin;
using Sluice.Health;

namespace Sluice.Server;

/// <summary>
/// <c>/metrics</c> in Prometheus text, through OpenTelemetry (what is measured: <see cref="SluiceTelemetry"/>).
/// Readable from loopback, or with an admin token from anywhere else.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Add(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithSluiceMetrics(metrics => metrics.AddPrometheusExporter());

    public static void Map(WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            var remote = context.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote))
            {
                context.RequestServices.GetRequiredService<AdminAuthenticator>().Authenticate(context.Request);
            }

            await next(context);
        }));
        app.MapPrometheusScrapingEndpoint(Path);
    }
}
