using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Sluice.Health;

/// <summary>
/// What both hosts measure: Sluice's meter, Polly's resilience events, ASP.NET Core's request metrics (in-flight
/// requests, durations by route template), and the runtime's own (GC heap, working set, threads; .NET's built-in
/// System.Runtime meter). Each host adds its exporter: Prometheus in the Server, Azure Monitor in
/// Functions.
/// </summary>
public static class SluiceTelemetry
{
    /// <summary>The service every series is labelled with (Prometheus' <c>service_name</c>, Azure Monitor's cloud role).</summary>
    public const string ServiceName = "sluice";

    /// <summary>Buckets in seconds (OpenTelemetry's unit for durations) fine enough to read a p99 of tens of milliseconds.</summary>
    private static readonly double[] LatencyBuckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.2, 0.5, 1, 2, 5, 10];

    public static IOpenTelemetryBuilder WithSluiceMetrics(this IOpenTelemetryBuilder builder, Action<MeterProviderBuilder> export) =>
        builder.ConfigureResource(resource => resource.AddService(ServiceName)).WithMetrics(metrics =>
        {
            metrics
                .AddMeter(SluiceMetrics.MeterName, "Polly", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                .AddView("sluice.ingest.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets })
                .AddView("sluice.processing.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets });
            export(metrics);
        });
}
