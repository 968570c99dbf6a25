namespace Sluice.Functions;

/// <summary>
/// What the Server's routing answers besides its routes: the welcome at <c>/</c>, and for anything else the same 404
/// or 405 problem (with <c>Allow</c>), not the host's homepage or empty page.
/// </summary>
public sealed class FallbackFunctions
{
    /// <summary>
    /// Only <c>/</c>: an optional parameter's constraint holds when the parameter is absent, and any segment is too
    /// long. (A catch-all's constraint fails on an absent value, and a function route cannot be empty.) A function
    /// answering <c>/</c> also keeps the host's homepage away (HomepageMiddleware answers only if no function ran).
    /// </summary>
    public const string WelcomeRoute = "{root:maxlength(0)?}";

    /// <summary>
    /// Never the host's own routes: with an empty route prefix a bare catch-all intercepted <c>/admin/...</c>
    /// (azure-functions-host issue 2590), and <c>/runtime/webhooks/...</c> (the Durable Task and other extensions'
    /// endpoints) is as exposed.
    /// </summary>
    public const string UnansweredRoute = "{*path:regex(^(?!(admin|runtime)(/|$)).*$)}";

    [Function("Welcome")]
    public IActionResult Welcome([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WelcomeRoute)] HttpRequest request) =>
        new ResultAction(Http.Welcome.Answer());

    [Function("Unanswered")]
    public IActionResult Unanswered(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = UnansweredRoute)] HttpRequest request)
    {
        var allowed = TriggerRoutes.VerbsFor(request.Path);
        if (allowed.Count == 0)
        {
            return new ResultAction(UnansweredRoutes.Problem(request));
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return new ResultAction(UnansweredRoutes.Problem(request, StatusCodes.Status405MethodNotAllowed));
    }
}
