using Sluice.Health;

namespace Sluice.Functions;

/// <summary>Liveness and readiness, as in the Server. (Metrics go to Azure Monitor, not to a scrape endpoint.)</summary>
public sealed class HealthFunctions(HealthEndpoints health)
{
    [Function("HealthLive")]
    public Task<IActionResult> Live([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/live")] HttpRequest request) =>
        health.LiveAsync(request).AsAction();

    [Function("HealthReady")]
    public Task<IActionResult> Ready([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request) =>
        health.ReadyAsync(request).AsAction();
}
