using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Dashboard;

/// <summary>A signed-in admin's request to the dashboard, and what every page needs to answer it.</summary>
public sealed record DashboardRequest(HttpContext Context, string BasePath, string Actor, string Csrf, Billing.IReconciliationStarter Reconciliation)
{
    public CancellationToken Aborted => Context.RequestAborted;

    public T Service<T>() where T : notnull => Context.RequestServices.GetRequiredService<T>();

    /// <summary>A dashboard address: <paramref name="relative"/> under the dashboard's base path.</summary>
    public string Url(string relative) => Context.Request.PathBase + BasePath + relative;

    public string? Query(string name) => Context.Request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>A POST form, with this session's anti-forgery token, around <paramref name="fields"/> and a submit button.</summary>
    public Html Form(string action, Html fields, string button, string? buttonClass = null) => Html.Of(
        $"""<form method="post" action="{Url(action)}"><input type="hidden" name="{DashboardEndpoint.CsrfField}" value="{Csrf}">{fields}<button type="submit" class="{buttonClass}">{button}</button></form>""");
}
