using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Sluice.Health;

/// <summary>
/// What both hosts measure: Sluice's meter, Polly's resilience events, ASP.NET Core's request metrics (in-flight
/// requests, durations by route template), and the runtime's own (GC heap, working set, threads; .NET's built-in
/// System.Runtime meter). Each host adds its exporter: Prometheus in the Server, Azure Monitor in
/// Functions.
/// </summary>
public static class SluiceTelemetry
{
    /// <summary>Millisecond buckets fine enough to read a p99 of tens of milliseconds.</summary>
    private static readonly double[] LatencyBuckets = [1, 2, 5, 10, 20, 35, 50, 75, 100, 200, 500, 1000, 2000, 5000, 10000];

    public static IOpenTelemetryBuilder WithSluiceMetrics(this IOpenTelemetryBuilder builder, Action<MeterProviderBuilder> export) =>
        builder.WithMetrics(metrics =>
        {
            metrics
                .AddMeter(SluiceMetrics.MeterName, "Polly", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                .AddView("sluice.ingest.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets })
                .AddView("sluice.processing.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets });
            export(metrics);
        });
}
