using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sluice.Health;

/// <summary>Readiness: storage resources exist, and no breaker requests go through is open (reported per dependency); processing's breakers do not count.</summary>
public sealed class StorageCheck(StorageInitializer initializer, StorageDependencies dependencies) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var breakers = dependencies.ForRequests.ToDictionary(d => d.Name, d => (object)d.Breaker.CircuitState.ToString());
        var open = dependencies.ForRequests.Where(d => d.Breaker.CircuitState is Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated).Select(d => d.Name).ToArray();
        var result = !initializer.Ready
            ? HealthCheckResult.Unhealthy("Storage resources are not created yet (storage unreachable at start-up).", data: breakers)
            : open.Length > 0
                ? HealthCheckResult.Unhealthy($"Circuit open for: {string.Join(", ", open)}.", data: breakers)
                : HealthCheckResult.Healthy("Storage resources exist; all circuits closed.", breakers);
        return Task.FromResult(result);
    }
}
