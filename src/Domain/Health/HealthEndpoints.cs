using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>
/// <c>/health/live</c> runs no check (the process answers); <c>/health/ready</c> runs the checks tagged ready, each
/// bounded by <see cref="CheckTimeout"/>, so an outage shows within seconds: 503 with every check's details.
/// Both hosts map these two handlers.
/// </summary>
public sealed class HealthEndpoints(HealthCheckService checks)
{
    public const string ReadyTag = "ready";
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddChecks(IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<TenantValidationCheck>("tenant-validation", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<QueueCheck>("events-queue", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<StorageCheck>("storage", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        services.AddSingleton<ReadinessGauge>();
        services.AddSingleton<IHealthCheckPublisher>(provider => provider.GetRequiredService<ReadinessGauge>());
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<HealthOptions>>((publisher, health) =>
        {
            publisher.Delay = health.Value.BackgroundInterval;
            publisher.Period = health.Value.BackgroundInterval;
            publisher.Predicate = check => check.Tags.Contains(ReadyTag);
        });
        return services;
    }

    public Task<IResult> LiveAsync(HttpRequest request) => ReportAsync(request, _ => false);

    public Task<IResult> ReadyAsync(HttpRequest request) => ReportAsync(request, check => check.Tags.Contains(ReadyTag));

    private async Task<IResult> ReportAsync(HttpRequest request, Func<HealthCheckRegistration, bool> predicate)
    {
        var report = await checks.CheckHealthAsync(predicate, request.HttpContext.RequestAborted);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Json(HealthView.Of(report), JsonResults.Options, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
