namespace Sluice.Dashboard;

/// <summary>The page around every dashboard view: head, navigation, the signed-in admin, and the answers that are pages.</summary>
public static class Layout
{
    public static IResult Page(DashboardRequest dashboard, string title, Html body, int status = StatusCodes.Status200OK, string? notice = null) =>
        Respond(status, Document(dashboard.Context, dashboard.BasePath, title, Html.Of($"""
            <header>
              <a class="brand" href="{dashboard.Url("/tenants")}">Sluice admin</a>
              <nav>
                <a href="{dashboard.Url("/tenants")}">Tenants</a>
                <a href="{dashboard.Url("/dead-letters")}">Dead letters</a>
                <a href="{dashboard.Url("/billing")}">Stripe</a>
                <a href="{dashboard.Url("/health")}">Health</a>
              </nav>
              <span class="who">{dashboard.Actor}</span>
              {dashboard.Form("/signout", Html.Empty, "Sign out", "link")}
            </header>
            <main>
              <h1>{title}</h1>
              {Html.When(notice is not null, $"""<p class="notice" role="status">{notice}</p>""")}
              {body}
            </main>
            """)));

    /// <summary>A Domain problem (a bad field, a missing tenant, a run already going) as a page with its status.</summary>
    public static IResult Problem(DashboardRequest dashboard, Problem problem) =>
        Page(dashboard, problem.Type.Title, Html.Of($"""
            <p class="error" role="alert">{problem.Detail}</p>
            <p><code>{problem.Type.Uri}</code></p>
            """), problem.Type.Status);

    public static IResult Refused(DashboardRequest dashboard, string why) =>
        Page(dashboard, "Refused", Html.Of($"""<p class="error" role="alert">{why}</p>"""), StatusCodes.Status403Forbidden);

    public static IResult SignIn(HttpContext context, string basePath, string? error, int status) =>
        Respond(status, Document(context, basePath, "Sign in", Html.Of($"""
            <main class="signin">
              <h1>Sluice admin</h1>
              {Html.When(error is not null, $"""<p class="error" role="alert">{error}</p>""")}
              <form method="post" action="{context.Request.PathBase + basePath + "/signin"}">
                <label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
                <button type="submit">Sign in</button>
              </form>
              <p class="hint">The token is checked once and never stored in the browser: a signed session cookie keeps you signed in for 8 hours.</p>
            </main>
            """)));

    /// <summary>303 See Other: after a change, the browser loads the page that shows it with a GET.</summary>
    public static IResult SeeOther(DashboardRequest dashboard, string relative) => SeeOther(dashboard.Url(relative));

    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private static Html Document(HttpContext context, string basePath, string title, Html body)
    {
        var assets = context.Request.PathBase + basePath + "/assets";
        return Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{title} · Sluice admin</title>
              <link rel="stylesheet" href="{assets}/dashboard.css">
              <script src="{assets}/dashboard.js" defer></script>
            </head>
            <body>
            {body}
            </body>
            </html>
            """);
    }

    private static IResult Respond(int status, Html document) =>
        Results.Content(document.Value, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
