using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sluice.Ingestion;

namespace Sluice.Health;

/// <summary>Readiness: the events queue answers. Reports its backlog where the transport can count it.</summary>
public sealed class QueueCheck(IEventQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = await queue.ProbeAsync(cancellationToken);
        return HealthCheckResult.Healthy("The events queue answers.",
            backlog is { } messages ? new Dictionary<string, object> { ["backlog"] = messages } : null);
    }
}
