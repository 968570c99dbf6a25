using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>
/// The readiness checks, run by the host in the background (ASP.NET Core's health check publisher, every
/// <see cref="HealthOptions.BackgroundInterval"/>), their last results kept for <c>sluice_health_status</c>: what an
/// alert on readiness reads, in both hosts, without anyone calling <c>/health/ready</c>.
/// </summary>
public sealed class ReadinessGauge : IHealthCheckPublisher
{
    private volatile IReadOnlyDictionary<string, HealthStatus> _last = new Dictionary<string, HealthStatus>();

    /// <summary>Each check's last status (none before the first run).</summary>
    public IReadOnlyDictionary<string, HealthStatus> Last => _last;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status);
        return Task.CompletedTask;
    }
}
