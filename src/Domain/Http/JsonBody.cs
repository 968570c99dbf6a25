using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Sluice.Http;

/// <summary>
/// Reads a JSON request body with the checks every endpoint owes its clients: content type (415), size (413),
/// well-formedness and UTF-8 (400). Field rules are the caller's (422).
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static async Task<JsonDocument> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            throw new ProblemException(ProblemTypes.UnsupportedMediaType,
                $"Send the body as application/json (got '{request.ContentType ?? "no content type"}').");
        }

        using var buffer = await RequestBody.ReadAsync(request, maxBytes, cancellationToken) ?? throw TooLarge(maxBytes);
        if (buffer.Length == 0)
        {
            throw new ProblemException(ProblemTypes.MalformedJson, "The request body is empty; a JSON object is required.");
        }

        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!Utf8.IsValid(body.Span))
        {
            // JsonDocument would parse it and fail only when a string is read (an exception, not a 400).
            throw new ProblemException(ProblemTypes.MalformedJson, "The request body is not valid UTF-8.");
        }

        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new ProblemException(ProblemTypes.MalformedJson, $"The request body is not valid JSON{where}.");
        }
    }

    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static ProblemException TooLarge(int maxBytes) =>
        new(ProblemTypes.PayloadTooLarge, $"The request body exceeds {maxBytes} bytes.");
}
