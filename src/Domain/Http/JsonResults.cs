using System.Text.Json;

namespace Sluice.Http;

/// <summary>
/// JSON answers serialized with Sluice's own options, not the host's, so both hosts write identical bodies.
/// </summary>
public static class JsonResults
{
    /// <summary>Web defaults; relaxed escaping because these bodies are JSON for API clients, never HTML.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok(object value) => Results.Json(value, Options);

    public static IResult Created(string location, object value) => new CreatedJson(location, value);

    public static IResult Accepted(object value) => Results.Json(value, Options, statusCode: StatusCodes.Status202Accepted);

    private sealed class CreatedJson(string location, object value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return Results.Json(value, Options, statusCode: StatusCodes.Status201Created).ExecuteAsync(httpContext);
        }
    }
}
