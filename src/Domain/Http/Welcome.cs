namespace Sluice.Http;

/// <summary>What <c>GET /</c> answers in both hosts: where a newcomer goes next, instead of a 404.</summary>
public static class Welcome
{
    public static IResult Answer() => JsonResults.Ok(new
    {
        name = "Sluice",
        description = "A multi-tenant event pipeline: send events with an API key, read them back, let agents read them over MCP.",
        endpoints = new Dictionary<string, string>
        {
            ["POST /api/events"] = "send events (Authorization: Bearer <key>)",
            ["GET /api/events"] = "read them back, newest first",
            ["GET /api/me"] = "the tenant and key you are",
            ["GET /api/usage"] = "this month's usage against your plan",
            ["/mcp"] = "the MCP endpoint for agents",
            ["GET /health/live"] = "the process answers",
            ["GET /health/ready"] = "storage and the queue answer",
        },
    });
}
