using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>
/// <c>/health/live</c> runs no check (the process answers); <c>/health/ready</c> answers the readiness checks' last
/// result (<see cref="Readiness"/>: at most <see cref="HealthOptions.ReadinessMaxAge"/> old, each check bounded by
/// <see cref="CheckTimeout"/>), so an outage shows within seconds: 503 with every check's details.
/// Both hosts map these two handlers.
/// </summary>
public sealed class HealthEndpoints(Readiness readiness, TimeProvider clock)
{
    public const string ReadyTag = "ready";
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddChecks(IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<TenantValidationCheck>("tenant-validation", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<QueueCheck>("events-queue", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<StorageCheck>("storage", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        services.AddSingleton<Readiness>();
        services.AddSingleton<IHealthCheckPublisher>(provider => provider.GetRequiredService<Readiness>());
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<HealthOptions>>((publisher, health) =>
        {
            publisher.Delay = health.Value.BackgroundInterval;
            publisher.Period = health.Value.BackgroundInterval;
            publisher.Predicate = check => check.Tags.Contains(ReadyTag);
        });
        return services;
    }

    public Task<IResult> LiveAsync(HttpRequest request)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult(Answer(request, new CheckedReport(new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero), now), now));
    }

    public async Task<IResult> ReadyAsync(HttpRequest request)
    {
        var current = await readiness.CurrentAsync(request.HttpContext.RequestAborted);
        return Answer(request, current, clock.GetUtcNow());
    }

    private static IResult Answer(HttpRequest request, CheckedReport current, DateTimeOffset now)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Json(HealthView.Of(current, now), JsonResults.Options,
            statusCode: current.Report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
