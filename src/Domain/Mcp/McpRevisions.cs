namespace Sluice.Mcp;

/// <summary>The MCP protocol revisions <c>/mcp</c> serves, and which of them have sessions.</summary>
public static class McpRevisions
{
    /// <summary>The current revision: no initialize and no sessions; every request states its version.</summary>
    public const string Stateless = "2026-07-28";

    /// <summary>The initialize-handshake revisions, newest first: these get a stored session.</summary>
    public static readonly IReadOnlyList<string> WithSessions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

    /// <summary>Whether a request's <c>MCP-Protocol-Version</c> names a sessionless revision (this one or later).</summary>
    public static bool IsStateless(string? headerVersion) =>
        !string.IsNullOrEmpty(headerVersion) && string.CompareOrdinal(headerVersion, Stateless) >= 0;

    /// <summary>
    /// The revision an initialize for <paramref name="requested"/> settles on, as the SDK's handler answers it: the
    /// same when it has sessions, otherwise the newest that does; null when a sessionless revision asked to
    /// initialize (the SDK refuses that request, so there is no session to open).
    /// </summary>
    public static string? Negotiate(string? requested) =>
        IsStateless(requested) ? null : WithSessions.Contains(requested) ? requested : WithSessions[0];
}
