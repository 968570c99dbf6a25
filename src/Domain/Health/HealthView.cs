using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>
/// What <c>/health/live</c> and <c>/health/ready</c> answer: the overall status, each check's, when the checks ran
/// and how old that result is.
/// </summary>
public sealed record HealthView(string Status, int DurationMs, DateTimeOffset CheckedAt, int AgeMs, IReadOnlyDictionary<string, HealthCheckView> Checks)
{
    public static HealthView Of(CheckedReport checkedReport, DateTimeOffset now) => new(
        checkedReport.Report.Status.ToString(),
        (int)checkedReport.Report.TotalDuration.TotalMilliseconds,
        checkedReport.At,
        (int)Math.Max(0, (now - checkedReport.At).TotalMilliseconds),
        checkedReport.Report.Entries.ToDictionary(e => e.Key, e => new HealthCheckView(
            e.Value.Status.ToString(),
            Why(e.Value),
            (int)e.Value.Duration.TotalMilliseconds,
            e.Value.Data)));

    /// <summary>
    /// A check's own description, but never an exception's message: that can name hosts, accounts or paths, and this
    /// answer is public. The exception itself is in the instance's log (the health check service logs it).
    /// </summary>
    private static string? Why(HealthReportEntry entry) => entry.Exception switch
    {
        null => entry.Description,
        OperationCanceledException => $"The check did not finish within {HealthEndpoints.CheckTimeout.TotalSeconds:0} s.",
        _ => "The check failed; the instance's log has the error.",
    };
}

/// <summary>One check: Healthy, Degraded or Unhealthy, why, how long it took, and what it measured.</summary>
public sealed record HealthCheckView(string Status, string? Description, int DurationMs, IReadOnlyDictionary<string, object> Data);
