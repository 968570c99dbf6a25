using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Server.Local;

/// <summary>Readiness's view of <see cref="LocalTableStore"/> (check <c>local-store</c>).</summary>
public sealed class LocalTableStoreCheck(LocalTableStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Health());
}
