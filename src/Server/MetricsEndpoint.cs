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

    /// <summary>
    /// Three of .NET's runtime gauges end in <c>.count</c>, which Prometheus reserves for histograms and summaries
    /// (<c>promtool check metrics</c> refuses them): exported here under names that say the same.
    /// </summary>
    private static readonly (string Name, string PrometheusName)[] Renamed =
    [
        ("dotnet.assembly.count", "dotnet.assemblies.loaded"),
        ("dotnet.process.cpu.count", "dotnet.process.cpus"),
        ("dotnet.timer.count", "dotnet.timers.active"),
    ];

    /// <summary>
    /// Polly times its executions in milliseconds, a unit Prometheus names refuse (base units only); Sluice's own
    /// durations (ingest, processing) and ASP.NET Core's cover the same ground in seconds. Polly's event counters stay.
    /// </summary>
    private static readonly string[] Dropped = ["resilience.polly.pipeline.duration", "resilience.polly.strategy.attempt.duration"];

    public static void Add(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithSluiceMetrics(metrics =>
        {
            foreach (var (name, prometheusName) in Renamed)
            {
                metrics.AddView(name, new MetricStreamConfiguration { Name = prometheusName });
            }

            foreach (var name in Dropped)
            {
                metrics.AddView(name, MetricStreamConfiguration.Drop);
            }

            metrics.AddPrometheusExporter();
        });

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
