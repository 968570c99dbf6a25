using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>
/// <c>/health/live</c> runs no check (the process answers); <c>/health/ready</c> runs the checks tagged ready, each
/// bounded by <see cref="CheckTimeout"/>, so an outage shows within seconds: 503 with every check's details.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddSluiceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<TenantValidationCheck>("tenant-validation", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<QueueCheck>("events-queue", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout)
            .AddCheck<StorageCheck>("storage", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        return services;
    }

    public static readonly HealthCheckOptions Live = new()
    {
        Predicate = _ => false,
        ResponseWriter = WriteAsync,
    };

    public static readonly HealthCheckOptions Ready = new()
    {
        Predicate = check => check.Tags.Contains(ReadyTag),
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            durationMs = (int)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                durationMs = (int)e.Value.Duration.TotalMilliseconds,
                data = e.Value.Data,
            }),
        }, JsonResults.Options, context.RequestAborted);
    }
}
