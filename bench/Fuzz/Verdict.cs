using System.Text.Json;

namespace Sluice.Bench.Fuzz;

/// <summary>What one answer to a bad request amounts to.</summary>
public enum Verdict
{
    /// <summary>Refused with problem+json (or, inside /mcp, a JSON-RPC error): as it should be.</summary>
    Refused,

    /// <summary>A 2xx where that is allowed (reading one's own empty results, a tool error).</summary>
    Answered,

    /// <summary>A 2xx for input that is invalid.</summary>
    AcceptedBadInput,

    ServerError,

    /// <summary>An error status without a problem+json body (or a JSON-RPC error inside /mcp).</summary>
    NotProblemJson,

    /// <summary>The answer carries the victim's data.</summary>
    CrossTenant,
}

public static class Verdicts
{
    public static Verdict Of(FuzzCase fuzzCase, bool mcp, int status, string contentType, string body, string marker)
    {
        if (body.Contains(marker, StringComparison.Ordinal))
        {
            return Verdict.CrossTenant;
        }

        if (status is 0 or >= 500)
        {
            return Verdict.ServerError;
        }

        if (status < 400)
        {
            // Inside MCP a request's error travels as a JSON-RPC error in the (200) answer stream.
            return !fuzzCase.MustReject ? Verdict.Answered : mcp && IsJsonRpcError(body) ? Verdict.Refused : Verdict.AcceptedBadInput;
        }

        return IsProblem(contentType, body, status) || (mcp && IsJsonRpcError(body)) ? Verdict.Refused : Verdict.NotProblemJson;
    }

    private static bool IsProblem(string contentType, string body, int status)
    {
        if (!contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            return root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
                && root.TryGetProperty("status", out var said) && said.TryGetInt32(out var number) && number == status;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A JSON-RPC error object, as the MCP transport answers protocol errors (possibly inside one SSE event).</summary>
    private static bool IsJsonRpcError(string body)
    {
        var json = body.StartsWith("event:", StringComparison.Ordinal) || body.StartsWith("data:", StringComparison.Ordinal)
            ? string.Concat(body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..]))
            : body;
        try
        {
            using var message = JsonDocument.Parse(json);
            return message.RootElement.TryGetProperty("jsonrpc", out _) && message.RootElement.TryGetProperty("error", out var error)
                && error.TryGetProperty("code", out _) && error.TryGetProperty("message", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
