namespace Sluice.Dashboard;

/// <summary>The dashboard's pages by method and path (below its base path), for a signed-in admin.</summary>
public static class DashboardPages
{
    public static async Task<IResult> AnswerAsync(DashboardRequest dashboard, string method, string[] segments)
    {
        var get = HttpMethods.IsGet(method);
        var post = HttpMethods.IsPost(method);
        return segments switch
        {
            [] when get => Layout.SeeOther(dashboard, "/tenants"),
            ["signout"] when post => SignOut(dashboard),
            ["tenants"] when get => await TenantPages.ListAsync(dashboard),
            ["tenants"] when post => await TenantPages.CreateAsync(dashboard),
            ["tenants", "new"] when get => TenantPages.New(dashboard),
            ["tenants", var id] when get => await TenantPages.ShowAsync(dashboard, id),
            ["tenants", var id] when post => await TenantPages.UpdateAsync(dashboard, id),
            ["tenants", var id, "keys"] when post => await TenantPages.IssueKeyAsync(dashboard, id),
            ["tenants", var id, "keys", var keyId, "rotate"] when post => await TenantPages.RotateKeyAsync(dashboard, id, keyId),
            ["tenants", var id, "keys", var keyId, "revoke"] when post => await TenantPages.RevokeKeyAsync(dashboard, id, keyId),
            ["dead-letters"] when get => await DeadLetterPages.ListAsync(dashboard),
            ["dead-letters", "replay"] when post => await DeadLetterPages.ReplayAsync(dashboard, (await dashboard.Context.Request.ReadFormAsync(dashboard.Aborted))["ids"].OfType<string>().ToList()),
            ["dead-letters", var id, "replay"] when post => await DeadLetterPages.ReplayAsync(dashboard, [id]),
            ["billing"] when get => await BillingPages.ShowAsync(dashboard),
            ["billing", "events", var eventId, "replay"] when post => await BillingPages.ReplayAsync(dashboard, eventId),
            ["billing", "reconciliations"] when post => await BillingPages.StartAsync(dashboard),
            ["billing", "reconciliations", var runId] when get => await BillingPages.ReportAsync(dashboard, runId),
            ["health"] when get => await HealthPage.ShowAsync(dashboard),
            _ => Layout.Problem(dashboard, new Problem(ProblemTypes.NotFound, "The dashboard has no such page.")),
        };
    }

    private static IResult SignOut(DashboardRequest dashboard)
    {
        DashboardSession.SignOut(dashboard.Context, dashboard.BasePath);
        return Layout.SeeOther(dashboard, "/signin");
    }
}
