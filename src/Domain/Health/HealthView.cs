using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>What <c>/health/live</c> and <c>/health/ready</c> answer: the overall status and each check's.</summary>
public sealed record HealthView(string Status, int DurationMs, IReadOnlyDictionary<string, HealthCheckView> Checks)
{
    public static HealthView Of(HealthReport report) => new(
        report.Status.ToString(),
        (int)report.TotalDuration.TotalMilliseconds,
        report.Entries.ToDictionary(e => e.Key, e => new HealthCheckView(
            e.Value.Status.ToString(),
            e.Value.Description ?? e.Value.Exception?.Message,
            (int)e.Value.Duration.TotalMilliseconds,
            e.Value.Data)));
}

/// <summary>One check: Healthy, Degraded or Unhealthy, why, how long it took, and what it measured.</summary>
public sealed record HealthCheckView(string Status, string? Description, int DurationMs, IReadOnlyDictionary<string, object> Data);
