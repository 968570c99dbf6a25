using Microsoft.DurableTask.Client;
using Sluice.Dashboard;

namespace Sluice.Functions;

/// <summary>
/// The admin dashboard, the same Domain pages the Server serves at <c>/admin</c>. Here it lives at
/// <c>/dashboard</c>: the Functions host keeps every route under <c>/admin</c> for its own admin API.
/// </summary>
public sealed class DashboardFunctions(DashboardEndpoint dashboard)
{
    public const string BasePath = "/dashboard";

    [Function("Dashboard")]
    public async Task<IActionResult> Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "dashboard/{*page}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        new ResultAction(await dashboard.HandleAsync(request.HttpContext, BasePath, new ReconciliationOrchestrationStarter(client, "admin")));
}
