using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>
/// The readiness checks' last result, refreshed at a bounded rate. <c>/health/ready</c> serves a result younger
/// than <see cref="HealthOptions.ReadinessMaxAge"/> as it is, with its age; an older one is refreshed by one run that
/// every waiting caller shares. A flood of probes therefore costs at most one run per max age, and cannot crowd
/// the checks into timing out (a false 503 that would make a load balancer pull a healthy instance). The host also
/// runs the checks in the background (every <see cref="HealthOptions.BackgroundInterval"/>) into the same result,
/// which feeds <c>sluice_health_status</c>, what the readiness alert reads.
/// </summary>
public sealed class Readiness(HealthCheckService checks, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheckPublisher
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _maxAge = options.Value.ReadinessMaxAge;
    private volatile CheckedReport? _last;
    private Task<CheckedReport>? _running;

    /// <summary>Each check's last status (none before the first run).</summary>
    public IReadOnlyDictionary<string, HealthStatus> Last =>
        _last?.Report.Entries.ToDictionary(e => e.Key, e => e.Value.Status) ?? new Dictionary<string, HealthStatus>();

    public Task<CheckedReport> CurrentAsync(CancellationToken cancellationToken)
    {
        Task<CheckedReport> run;
        lock (_gate)
        {
            if (_last is { } last && clock.GetUtcNow() - last.At < _maxAge)
            {
                return Task.FromResult(last);
            }

            run = _running is { IsCompleted: false } ? _running : _running = RunAsync();
        }

        // The run is every caller's, so no one caller's cancellation ends it.
        return run.WaitAsync(cancellationToken);
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        Keep(new CheckedReport(report, clock.GetUtcNow()));
        return Task.CompletedTask;
    }

    private async Task<CheckedReport> RunAsync()
    {
        await Task.Yield(); // start outside the caller's lock
        var report = await checks.CheckHealthAsync(check => check.Tags.Contains(HealthEndpoints.ReadyTag), CancellationToken.None);
        return Keep(new CheckedReport(report, clock.GetUtcNow()));
    }

    private CheckedReport Keep(CheckedReport report)
    {
        lock (_gate)
        {
            // A background run and a probe's run may overlap: the one that finished last stands.
            if (_last is null || _last.At <= report.At)
            {
                _last = report;
            }

            return _last;
        }
    }
}

/// <summary>A readiness report and when its checks finished.</summary>
public sealed record CheckedReport(HealthReport Report, DateTimeOffset At);
