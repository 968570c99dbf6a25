using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Sluice.Problems;

/// <summary>
/// Writes a <see cref="Problem"/> as RFC 9457 <c>application/problem+json</c>. Written directly rather than through
/// IProblemDetailsService so both hosts produce byte-identical bodies.
/// </summary>
public sealed class ProblemResult(Problem problem) : IResult, IStatusCodeHttpResult
{
    public Problem Problem => problem;

    public int? StatusCode => problem.Type.Status;

    /// <summary>Sends the problem's <see cref="Problem.RetryAfter"/>, if any, in whole seconds rounded up (at least 1).</summary>
    public static void SetRetryAfter(HttpResponse response, Problem problem)
    {
        if (problem.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = problem.Type.Status;
        SetRetryAfter(response, problem);

        if (problem.Challenge is { } challenge)
        {
            response.Headers.WWWAuthenticate = challenge;
        }

        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(response.Body, ToDetails(problem, httpContext), Http.JsonResults.Options, httpContext.RequestAborted);
    }

    public static ProblemDetails ToDetails(Problem problem, HttpContext httpContext)
    {
        var details = new ProblemDetails
        {
            Type = problem.Type.Uri,
            Title = problem.Type.Title,
            Status = problem.Type.Status,
            Detail = problem.Detail,
            Instance = httpContext.Request.Path.ToUriComponent(),
        };
        foreach (var (key, value) in problem.Extensions)
        {
            details.Extensions[key] = value;
        }

        details.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        return details;
    }
}
