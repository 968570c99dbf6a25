using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Sluice.Auth;
using Sluice.Keys;
using Sluice.Sessions;
using Sluice.Tenants;

namespace Sluice.Mcp;

/// <summary>
/// <c>/mcp</c> (Streamable HTTP) for both hosts. The SDK's handler serves every JSON-RPC message statelessly; this
/// class adds what it cannot do across instances: the tenant key check (read scope) and, for the initialize
/// revisions, sessions kept in Table Storage so that any instance serves any session. An ended, expired, unknown
/// or other tenant's session is 404. The current revision has no sessions, so its requests skip all of that.
/// </summary>
public sealed class McpEndpoint(KeyValidator validator, SessionStore sessions, SessionMetrics metrics, SdkStreamableHttp sdk)
{
    public const string SessionHeader = "Mcp-Session-Id";
    public const string VersionHeader = "MCP-Protocol-Version";

    /// <summary>A JSON-RPC message is small; this bounds what one request can make the server buffer.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        if (access.Problem is { } refused)
        {
            await refused.ToResult().ExecuteAsync(context);
            return;
        }

        var stateless = McpRevisions.IsStateless(request.Headers[VersionHeader]);
        var session = stateless ? null : await FindSessionAsync(request, access.Tenant!.Id);
        if (HttpMethods.IsPost(request.Method))
        {
            await ServeAsync(context, access.Tenant!, session, stateless);
        }
        else if (HttpMethods.IsDelete(request.Method) && !stateless)
        {
            await EndAsync(context, session);
        }
        else
        {
            // No server-to-client stream (GET): every answer travels on its request's own response.
            context.Response.Headers.Allow = stateless ? "POST" : "POST, DELETE";
            await UnansweredRoutes.Problem(request, StatusCodes.Status405MethodNotAllowed).ExecuteAsync(context);
        }
    }

    private async Task ServeAsync(HttpContext context, Tenant tenant, StoredSession? session, bool stateless)
    {
        var request = context.Request;
        if (!JsonBody.IsJson(request.ContentType))
        {
            throw new ProblemException(ProblemTypes.UnsupportedMediaType, $"Send JSON-RPC as application/json (got '{request.ContentType ?? "no content type"}').");
        }

        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, context.RequestAborted)
            ?? throw new ProblemException(ProblemTypes.PayloadTooLarge, $"An MCP message may be at most {MaxBodyBytes} bytes.");
        body.Position = 0;
        request.Body = body;
        if (Refusal(body, out var message) is { } refusal)
        {
            await Results.Json(refusal, McpJsonUtilities.DefaultOptions, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        if (session is not null)
        {
            _ = await sessions.TouchAsync(session, context.RequestAborted) ?? throw SessionNotFound(session.Id);
        }
        else if (!stateless && InitializeVersion(message) is { } requested && McpRevisions.Negotiate(requested) is { } negotiated)
        {
            var opened = await sessions.CreateAsync(tenant.Id, negotiated, context.RequestAborted);
            context.Response.Headers[SessionHeader] = opened.Id;
            metrics.Created();
        }

        context.User = McpCaller.For(tenant);
        await sdk.PostAsync(context);
    }

    private async Task EndAsync(HttpContext context, StoredSession? session)
    {
        if (session is null)
        {
            throw new ProblemException(ProblemTypes.SessionRequired, $"DELETE /mcp ends a session: send its {SessionHeader} header.");
        }

        if (!await sessions.DeleteAsync(session.Id, context.RequestAborted))
        {
            throw SessionNotFound(session.Id);
        }

        metrics.Ended();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// The request's session, or null without the header. A session is served by the SDK statelessly, so the header
    /// is taken off the request (echoed on the response), and the session's revision stands in for a missing version
    /// header (2025-03-26 clients send none).
    /// </summary>
    private async Task<StoredSession?> FindSessionAsync(HttpRequest request, string tenantId)
    {
        var id = request.Headers[SessionHeader].ToString();
        if (id.Length == 0)
        {
            return null;
        }

        var session = await sessions.FindAsync(id, request.HttpContext.RequestAborted);
        if (session is null || session.TenantId != tenantId)
        {
            throw SessionNotFound(id);
        }

        request.Headers.Remove(SessionHeader);
        request.HttpContext.Response.Headers[SessionHeader] = session.Id;
        if (string.IsNullOrEmpty(request.Headers[VersionHeader]))
        {
            request.Headers[VersionHeader] = session.ProtocolVersion;
        }

        return session;
    }

    /// <summary>
    /// Reads the message with the SDK's own types first, and returns the error to answer instead of handing it to
    /// the SDK, if any. On JSON it cannot parse the SDK answers with its own parse error (message null here); but
    /// well-formed JSON of the wrong shape (a number where the method goes, initialize params that are not an object)
    /// throws past the SDK's handler (a 500), and tools/call params of the wrong shape come back from it as an
    /// opaque internal error (-32603), so those are refused here: invalid request, invalid params.
    /// </summary>
    private static JsonRpcError? Refusal(MemoryStream body, out JsonRpcMessage? message)
    {
        message = null;
        if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            return NotUtf8; // the SDK would read it with U+FFFD in place of the bad bytes
        }

        try
        {
            message = JsonSerializer.Deserialize<JsonRpcMessage>(body, McpJsonUtilities.DefaultOptions);
            switch (message)
            {
                case JsonRpcRequest { Method: RequestMethods.Initialize } initialize:
                    initialize.Params.Deserialize<InitializeRequestParams>(McpJsonUtilities.DefaultOptions);
                    break;
                case JsonRpcRequest { Method: RequestMethods.ToolsCall } call when !IsToolCall(call.Params):
                    return InvalidToolCall(call.Id);
            }

            return null;
        }
        catch (JsonException) when (message is null)
        {
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            message = null;
            return InvalidRequest;
        }
        finally
        {
            body.Position = 0;
        }
    }

    private static bool IsToolCall(JsonNode? parameters)
    {
        try
        {
            return parameters.Deserialize<CallToolRequestParams>(McpJsonUtilities.DefaultOptions) is { Name.Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The protocolVersion an initialize request asks for ("" when it names none); null for other messages.</summary>
    private static string? InitializeVersion(JsonRpcMessage? message) =>
        message is JsonRpcRequest { Method: RequestMethods.Initialize } initialize
            ? initialize.Params is JsonObject parameters && parameters["protocolVersion"] is JsonValue version && version.TryGetValue<string>(out var requested) ? requested : ""
            : null;

    private static readonly JsonRpcError InvalidRequest = new()
    {
        Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InvalidRequest, Message = "Bad Request: The POST body is JSON but not a well-formed JSON-RPC message." },
    };

    private static readonly JsonRpcError NotUtf8 = new()
    {
        Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.ParseError, Message = "Parse error: the POST body is not valid UTF-8." },
    };

    private static JsonRpcError InvalidToolCall(RequestId id) => new()
    {
        Id = id,
        Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InvalidParams, Message = "Invalid params: tools/call takes {\"name\": string, \"arguments\": object}." },
    };

    private static ProblemException SessionNotFound(string id) => new(ProblemTypes.SessionNotFound,
        $"There is no MCP session '{id}' for this key: it ended, expired, or never existed. Start a new one with initialize.");
}
