using Sluice.Problems;
using Sluice.Http;

namespace Sluice.Server.ApiReference;

/// <summary>What each route tells the OpenAPI document beyond its template: who may call it, its body, its answers.</summary>
public static class RouteDescriptions
{
    /// <summary>The problems any JSON body can meet before its fields are read.</summary>
    public static readonly ProblemType[] JsonBodyProblems =
        [ProblemTypes.MalformedJson, ProblemTypes.PayloadTooLarge, ProblemTypes.UnsupportedMediaType];

    /// <param name="operationId">The operation's name in generated clients.</param>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string operationId, string tag, string summary, ApiAccess access, params ProblemType[] problems) =>
        route.WithName(operationId).WithTags(tag).WithSummary(summary).WithMetadata(access, new ApiProblems(problems));

    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder route, bool optional = false) where T : notnull =>
        route.Accepts<T>(optional, "application/json");

    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder route, int status = StatusCodes.Status200OK) =>
        route.Produces<T>(status);

    public static RouteHandlerBuilder With(this RouteHandlerBuilder route, ApiParameter parameter) => route.WithMetadata(parameter);

    /// <summary><c>limit</c> (1-200, default 50) and, where the listing pages, <c>continuation</c>.</summary>
    public static RouteHandlerBuilder Paged(this RouteHandlerBuilder route, bool continued = true)
    {
        route.With(new ApiParameter("limit", $"How many items (default {QueryParameters.DefaultLimit}).", typeof(int), Minimum: 1, Maximum: QueryParameters.MaxLimit));
        return continued
            ? route.With(new ApiParameter("continuation", "The `continuation` of the previous page, to read the next.", typeof(string)))
            : route;
    }
}
