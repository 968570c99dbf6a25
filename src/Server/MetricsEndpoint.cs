using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Sluice.Admin;
using Sluice.Auth;
using Sluice.Health;

namespace Sluice.Server;

/// <summary>
/// <c>/metrics</c> in Prometheus text, through OpenTelemetry (what is measured: <see cref="SluiceTelemetry"/>).
/// Readable with a metrics token (<c>Sluice:Metrics:Tokens:{name}</c>, which opens nothing else) or an admin token,
/// from anywhere, loopback included: behind a proxy or sidecar on the same host every request comes from loopback.
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

    public static void Add(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MetricsOptions>>(new TokenRules<MetricsOptions>($"{MetricsOptions.Section}:Tokens", o => o.Tokens));
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
    }

    public static void Map(WebApplication app)
    {
        var readers = new NamedTokens(app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Tokens);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            var failures = context.RequestServices.GetRequiredService<FailedCredentials>();
            var presented = BearerToken.From(context.Request);
            if (presented is null || readers.NameOf(presented) is null || failures.Refusal(context) is not null)
            {
                // Not a metrics token: an admin token, or the admin check's refusal (missing, invalid, too many failures).
                context.RequestServices.GetRequiredService<AdminAuthenticator>().Authenticate(context.Request);
            }

            await next(context);
        }));
        app.MapPrometheusScrapingEndpoint(Path);
    }
}
