namespace Sluice.Keys;

/// <summary>What the API shows of a key: never its secret or hash.</summary>
public sealed record ApiKeyView(string Id, string Name, string[] Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView Of(ApiKeyRecord key) =>
        new(key.Id, key.Name, WireEnum.FlagNames(key.Scopes), key.CreatedAt, key.RevokedAt);
}

/// <summary>The answer to issuing or rotating a key: the only time the key itself is ever shown.</summary>
public sealed record IssuedKeyView(string TenantId, ApiKeyView Key, string ApiKey);
