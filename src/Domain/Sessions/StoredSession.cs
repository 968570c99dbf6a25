namespace Sluice.Sessions;

/// <summary>An MCP session, bound to the tenant whose key opened it. Any instance can serve it.</summary>
public sealed record StoredSession(string Id, string TenantId, string ProtocolVersion, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}
