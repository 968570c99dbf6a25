using System.Text.Json;

namespace Sluice.Client;

/// <summary>An RFC 9457 problem as Sluice answers it.</summary>
public sealed record SluiceProblem(int Status, string? Type, string? Title, string? Detail, JsonElement? Errors)
{
    public override string ToString() => $"{Status} {Title}: {Detail}";

    /// <summary>The problem a refused response carries (RFC 9457), or its status and text when the body is not JSON.</summary>
    public static async Task<SluiceProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            return new SluiceProblem((int)response.StatusCode, Text(root, "type"), Text(root, "title"), Text(root, "detail"),
                root.TryGetProperty("errors", out var errors) ? errors.Clone() : null);
        }
        catch (JsonException)
        {
            return new SluiceProblem((int)response.StatusCode, null, response.ReasonPhrase, text, null);
        }

        static string? Text(JsonElement root, string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}

/// <summary>Something retrying cannot fix, or a send that gave up. The problem, where the server answered one, says why.</summary>
public class SluiceException(string message, SluiceProblem? problem = null, Exception? inner = null) : Exception(message, inner)
{
    public SluiceProblem? Problem => problem;
}

/// <summary>401: the key is missing, malformed, unknown or revoked.</summary>
public sealed class SluiceAuthenticationException(SluiceProblem problem) : SluiceException($"The API key was refused: {problem.Detail}", problem);

/// <summary>403: the key lacks the scope, or the tenant is suspended.</summary>
public sealed class SluiceForbiddenException(SluiceProblem problem) : SluiceException($"Not allowed: {problem.Detail}", problem);

/// <summary>The server refused the events for good: sending them again as they are cannot help.</summary>
public abstract class SluiceRefusedException(string message, SluiceProblem problem) : SluiceException(message, problem);

/// <summary>413: one event is larger than the server accepts.</summary>
public sealed class SluicePayloadTooLargeException(SluiceProblem problem) : SluiceRefusedException($"Too large: {problem.Detail}", problem);

/// <summary>409: an event reuses an id already sent with other content (the problem names it); the log keeps the first.</summary>
public sealed class SluiceConflictException(SluiceProblem problem) : SluiceRefusedException($"Conflict: {problem.Detail}", problem);

/// <summary>
/// 413 <c>batch-over-rate-limit</c>: one request carried more events than the tenant may send in a minute. The
/// client learns the limit from the answer's <c>RateLimit-Limit</c> and sends the same events in smaller batches.
/// </summary>
public sealed class SluiceBatchOverLimitException(SluiceProblem problem) : SluiceException($"Batch too large for the rate limit: {problem.Detail}", problem);

/// <summary>400 or 422: the events are invalid (the problem's errors say which and why); nothing of the batch was accepted.</summary>
public sealed class SluiceRejectedException(SluiceProblem problem) : SluiceRefusedException($"Rejected: {problem.Detail}", problem);

/// <summary>
/// The deadline passed while the server kept answering 429, 503 or nothing. Nothing is lost: with an outbox the
/// events stay there for the next run; without one, the caller still holds them and may send them again (same ids).
/// </summary>
public sealed class SluiceGaveUpException(string message, int pending, Exception? inner = null) : SluiceException(message, null, inner)
{
    /// <summary>Events not confirmed when the client gave up.</summary>
    public int Pending => pending;
}

/// <summary>Another process holds the outbox (one process at a time drains it, so nothing is sent twice at once).</summary>
public sealed class SluiceOutboxBusyException(string directory, Exception inner)
    : SluiceException($"The outbox in {directory} is in use by another process.", null, inner);
