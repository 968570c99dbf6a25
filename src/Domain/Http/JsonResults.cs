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

    public static IResult Ok(object value) => new JsonAnswer(value, StatusCodes.Status200OK, null);

    /// <summary>
    /// A read's answer; one storage gave before the request (<see cref="LastGoodReads"/>: storage was slow or
    /// failing) says how old it is in an <c>Age</c> header (RFC 9111, whole seconds, so 0 when under one).
    /// </summary>
    public static IResult Ok<T>(AsOf<T> answer, TimeProvider clock) where T : notnull =>
        new JsonAnswer(answer.Value, StatusCodes.Status200OK, null,
            answer.Stale ? (long)Math.Max(0, (clock.GetUtcNow() - answer.ReadAt).TotalSeconds) : null);

    public static IResult Created(string location, object value) => new JsonAnswer(value, StatusCodes.Status201Created, location);

    public static IResult Accepted(object value) => new JsonAnswer(value, StatusCodes.Status202Accepted, null);

    /// <summary>
    /// Tenant and admin data: never stored by a cache or proxy on the way (<c>no-store</c>), never sniffed as another
    /// type by a browser (<c>nosniff</c>).
    /// </summary>
    private sealed class JsonAnswer(object value, int status, string? location, long? ageSeconds = null) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            if (location is not null)
            {
                headers.Location = location;
            }

            if (ageSeconds is { } age)
            {
                headers.Age = age.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Json(value, Options, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
