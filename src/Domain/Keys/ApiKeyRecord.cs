namespace Sluice.Keys;

/// <summary>
/// What is stored of a key: never the key itself, only its hash. <see cref="RevokedAt"/> may lie in the future: a
/// rotated key keeps working for its grace period so that clients can switch without downtime.
/// </summary>
public sealed record ApiKeyRecord(
    string Id,
    string Name,
    ApiKeyScope Scopes,
    string Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevokedAt(DateTimeOffset now) => RevokedAt <= now;
}
