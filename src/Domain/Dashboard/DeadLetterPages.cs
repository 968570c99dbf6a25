using Microsoft.Extensions.Logging;
using Sluice.Events;

namespace Sluice.Dashboard;

/// <summary>Dead letters: messages that kept failing, with the reason; replay one or a selection.</summary>
public static class DeadLetterPages
{
    public static async Task<IResult> ListAsync(DashboardRequest dashboard)
    {
        var letters = await dashboard.Service<DeadLetterStore>().ListAsync(QueryParameters.MaxLimit, dashboard.Aborted);
        var rows = letters.Select(d => Html.Of($"""
            <tr><td><input type="checkbox" name="ids" value="{d.Id}" form="replay-selected" aria-label="select {d.Id}"></td>
            <td><code>{d.Id}</code></td><td>{d.Reason}</td><td>{d.Attempts}</td><td>{d.DeadLetteredAt}</td>
            <td>{dashboard.Form($"/dead-letters/{d.Id}/replay", Html.Empty, "Replay", "secondary")}</td></tr>
            """));
        var notice = dashboard.Query("replayed") is { } count ? $"Replayed {count}: back on the queue, to be processed again (processing is idempotent)." : null;
        return Layout.Page(dashboard, "Dead letters", Html.Of($"""
            <p class="hint">Messages that kept failing. Fix the cause (the runbook says how for each reason), then replay.</p>
            <form id="replay-selected" method="post" action="{dashboard.Url("/dead-letters/replay")}">
              <input type="hidden" name="{DashboardEndpoint.CsrfField}" value="{dashboard.Csrf}">
              <button type="submit">Replay the selected</button>
            </form>
            <table><thead><tr><th><input type="checkbox" data-select-all="ids" aria-label="select all"></th><th>Id</th><th>Reason</th><th>Attempts</th><th>Dead-lettered</th><th></th></tr></thead>
            <tbody>{rows}</tbody></table>
            {Html.When(letters.Count == 0, $"""<p class="muted">No dead letter.</p>""")}
            """), notice: notice);
    }

    public static async Task<IResult> ReplayAsync(DashboardRequest dashboard, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            throw new ProblemException(ProblemTypes.ValidationFailed, "Select at least one dead letter to replay.");
        }

        var store = dashboard.Service<DeadLetterStore>();
        foreach (var id in ids)
        {
            if (!await store.ReplayAsync(id, dashboard.Aborted))
            {
                throw new ProblemException(ProblemTypes.DeadLetterNotFound, $"There is no dead-lettered message '{id}' (replayed already?).");
            }

            dashboard.Service<ILogger<DeadLetterStore>>().LogInformation("Dead letter {Id} replayed by {Actor}", id, dashboard.Actor);
        }

        return Layout.SeeOther(dashboard, $"/dead-letters?replayed={ids.Count}");
    }
}
