namespace Sluice.Http;

/// <summary>The problem both hosts answer for a path or method the API does not have.</summary>
public static class UnansweredRoutes
{
    public static IResult Problem(HttpRequest request, int status = StatusCodes.Status404NotFound) =>
        new Problems.Problem(ProblemTypes.ForStatus(status), $"{request.Method} {request.Path} is not something this API answers.").ToResult();
}
