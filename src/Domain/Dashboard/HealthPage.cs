using Sluice.Health;

namespace Sluice.Dashboard;

/// <summary>Health: readiness with each check, the events backlog, and every circuit breaker's state.</summary>
public static class HealthPage
{
    public static async Task<IResult> ShowAsync(DashboardRequest dashboard)
    {
        var report = HealthView.Of(await dashboard.Service<Readiness>().CurrentAsync(dashboard.Aborted), dashboard.Service<TimeProvider>().GetUtcNow());
        var backlog = dashboard.Service<SluiceMetrics>().LastBacklog;
        var breakers = dashboard.Service<StorageDependencies>().All.Select(d => Html.Of($"""
            <tr><td>{d.Name}</td><td>{d.Work}</td><td class="status-{d.Breaker.CircuitState.ToString().ToLowerInvariant()}">{d.Breaker.CircuitState}</td></tr>
            """)).Append(Html.Of($"""
            <tr><td>stripe</td><td>api</td><td class="status-{dashboard.Service<Billing.StripeCircuit>().State.CircuitState.ToString().ToLowerInvariant()}">{dashboard.Service<Billing.StripeCircuit>().State.CircuitState}</td></tr>
            """));
        return Layout.Page(dashboard, "Health", Html.Of($"""
            <div class="cards">
              <div class="card">Readiness<strong class="status-{report.Status}">{report.Status}</strong>checked {report.AgeMs / 1000.0:0.#} s ago</div>
              <div class="card">Events backlog<strong>{(backlog < 0 ? "not sampled here" : backlog.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))}</strong>messages waiting</div>
            </div>
            <h2>Readiness checks</h2>
            <table><thead><tr><th>Check</th><th>Status</th><th>Took</th><th>Why</th></tr></thead><tbody>
            {report.Checks.Select(c => Html.Of($"""<tr><td>{c.Key}</td><td class="status-{c.Value.Status}">{c.Value.Status}</td><td>{c.Value.DurationMs} ms</td><td>{c.Value.Description}</td></tr>"""))}
            </tbody></table>
            <h2>Circuit breakers</h2>
            <table><thead><tr><th>Dependency</th><th>Work</th><th>State</th></tr></thead><tbody>{breakers}</tbody></table>
            <p class="hint">In Azure the backlog is Service Bus' own metric (ActiveMessages of the events queue); see docs/operations.md.</p>
            """));
    }
}
