using System.Net;
using OpenTelemetry.Metrics;
using Sluice.Admin;
using Sluice.Health;

namespace Sluice.Server;

/// <summary>
/// <c>/metrics</c> in Prometheus text, through OpenTelemetry: Sluice's meter, Polly's resilience events, and ASP.NET
/// Core's request metrics (in-flight requests, durations by route template). Readable from loopback, or with an
/// admin token from anywhere else.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Millisecond buckets fine enough to read a p99 of tens of milliseconds.</summary>
    private static readonly double[] LatencyBuckets = [1, 2, 5, 10, 20, 35, 50, 75, 100, 200, 500, 1000, 2000, 5000, 10000];

    public static void Add(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SluiceMetrics.MeterName, "Polly", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddView("sluice.ingest.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets })
            .AddView("sluice.processing.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets })
            .AddPrometheusExporter());

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
