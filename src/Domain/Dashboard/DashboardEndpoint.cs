using Microsoft.Extensions.Logging;
using Sluice.Admin;
using Sluice.Billing;

namespace Sluice.Dashboard;

/// <summary>
/// The admin dashboard: server-rendered pages over the same Domain services as the admin API, for what the runbook
/// asks an operator to do. Each host maps every path under its base path here. Signing in takes an admin token once;
/// after that an HttpOnly, SameSite=Strict cookie (<see cref="DashboardSession"/>) holds the session. Every POST but
/// the sign-in must come from this origin and carry the session's anti-forgery token. Every page is sent with a
/// strict Content-Security-Policy: no inline script or style, nothing from elsewhere.
/// </summary>
public sealed class DashboardEndpoint(DashboardSession sessions, AdminAuthenticator admins, ILogger<DashboardEndpoint> logger)
{
    public const string CsrfField = "csrf";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Answers a request for any path under <paramref name="basePath"/>.</summary>
    /// <param name="reconciliation">How this host starts a reconciliation run (as its admin API does).</param>
    public async Task<IResult> HandleAsync(HttpContext context, string basePath, IReconciliationStarter reconciliation)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: under no-referrer the browser sends "Origin: null" even on its own forms.
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";

        var path = request.Path.Value is { } full && full.StartsWith(basePath, StringComparison.OrdinalIgnoreCase) ? full[basePath.Length..] : "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return await AnswerAsync(context, basePath, reconciliation, request.Method, segments);
    }

    private async Task<IResult> AnswerAsync(HttpContext context, string basePath, IReconciliationStarter reconciliation, string method, string[] segments)
    {
        if (segments is ["assets", var asset] && HttpMethods.IsGet(method))
        {
            return DashboardAssets.Serve(asset);
        }

        if (segments is ["signin"])
        {
            return HttpMethods.IsPost(method) ? await SignInAsync(context, basePath) : Layout.SignIn(context, basePath, null, StatusCodes.Status200OK);
        }

        if (sessions.Current(context.Request) is not var (actor, csrf))
        {
            return HttpMethods.IsGet(method)
                ? Results.Redirect(context.Request.PathBase + basePath + "/signin")
                : Layout.SignIn(context, basePath, "Sign in first: this session has ended.", StatusCodes.Status401Unauthorized);
        }

        var dashboard = new DashboardRequest(context, basePath, actor, csrf, reconciliation);
        if (HttpMethods.IsPost(method) && await RefusedAsForgedAsync(dashboard) is { } forged)
        {
            return forged;
        }

        try
        {
            return await DashboardPages.AnswerAsync(dashboard, method, segments);
        }
        catch (ProblemException e)
        {
            return Layout.Problem(dashboard, e.Problem);
        }
    }

    private async Task<IResult> SignInAsync(HttpContext context, string basePath)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? actor;
        try
        {
            actor = admins.ActorFor(context, form["token"].ToString());
        }
        catch (ProblemException e) when (e.Problem.Type == ProblemTypes.TooManyFailedAttempts)
        {
            ProblemResult.SetRetryAfter(context.Response, e.Problem);
            return Layout.SignIn(context, basePath, "Too many wrong tokens came from this address. Try again later.", StatusCodes.Status429TooManyRequests);
        }

        if (actor is null)
        {
            logger.LogWarning("Dashboard sign-in refused from {Address}", context.Connection.RemoteIpAddress);
            return Layout.SignIn(context, basePath, "That is not an admin token.", StatusCodes.Status401Unauthorized);
        }

        sessions.SignIn(context, basePath, actor);
        logger.LogInformation("Dashboard sign-in by {Actor}", actor);
        return Layout.SeeOther(context.Request.PathBase + basePath + "/tenants");
    }

    /// <summary>
    /// A change must come from a page of this dashboard: from this origin (when the browser says where from) and with
    /// this session's anti-forgery token, which another site can neither read nor guess.
    /// </summary>
    private static async Task<IResult?> RefusedAsForgedAsync(DashboardRequest dashboard)
    {
        var request = dashboard.Context.Request;
        var origin = request.Headers.Origin.ToString();
        var sameOrigin = origin.Length == 0 || origin == $"{request.Scheme}://{request.Host}";
        var form = request.HasFormContentType ? await request.ReadFormAsync(dashboard.Aborted) : null;
        var token = form?[CsrfField].ToString() ?? "";
        if (sameOrigin && token.Length > 0 && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(token), System.Text.Encoding.ASCII.GetBytes(dashboard.Csrf)))
        {
            return null;
        }

        return Layout.Refused(dashboard, "This change did not come from a page of this dashboard (its anti-forgery token or origin is wrong), so nothing was changed. Reload the page and try again.");
    }
}
