namespace Sluice.Http;

/// <summary>What <c>GET /</c> answers in both hosts: where a newcomer goes next, instead of a 404.</summary>
public static class Welcome
{
    /// <param name="hostEndpoints">What only this host serves (the Server's browsable API reference), listed last.</param>
    public static IResult Answer(IReadOnlyDictionary<string, string>? hostEndpoints = null) => JsonResults.Ok(new WelcomeView(
        "Sluice",
        "A multi-tenant event pipeline: send events with an API key, read them back, let agents read them over MCP.",
        new Dictionary<string, string>
        {
            ["POST /api/events"] = "send events (Authorization: Bearer <key>)",
            ["GET /api/events"] = "read them back, newest first",
            ["GET /api/me"] = "the tenant and key you are",
            ["GET /api/usage"] = "this month's usage against your plan",
            ["/mcp"] = "the MCP endpoint for agents",
            ["GET /health/live"] = "the process answers",
            ["GET /health/ready"] = "storage and the queue answer",
            ["GET /openapi/v1.json"] = "this API described for tools (OpenAPI 3.1)",
        }.Concat(hostEndpoints ?? new Dictionary<string, string>()).ToDictionary()));
}

/// <summary>The body of <c>GET /</c>.</summary>
public sealed record WelcomeView(string Name, string Description, IReadOnlyDictionary<string, string> Endpoints);
