using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sluice.Ingestion;

namespace Sluice.Health;

/// <summary>Readiness: the events queue answers. Reports its backlog.</summary>
public sealed class QueueCheck(IEventQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = await queue.ProbeAsync(cancellationToken);
        return HealthCheckResult.Healthy("The events queue answers.", new Dictionary<string, object> { ["backlog"] = backlog });
    }
}
