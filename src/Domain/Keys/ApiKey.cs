using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Sluice.Tenants;

namespace Sluice.Keys;

/// <summary>
/// The API key format: <c>sluice_{tenantId}_{keyId}_{secret}</c>. The tenant and key ids are public and let
/// validation find the key with one point read; the 256-bit secret is shown once and stored only as a hash.
/// The fixed prefix lets secret scanners recognise leaked keys.
/// </summary>
public sealed record ApiKey(string TenantId, string KeyId, string Value)
{
    public const string Prefix = "sluice_";
    public const int KeyIdRandomChars = 11;
    private const int SecretChars = 52; // 260 bits of base32, at least 256 of them random

    private static string NewKeyId() => RandomIds.New('k', KeyIdRandomChars);

    public static bool IsKeyId(string? keyId) => keyId is not null && RandomIds.IsValid(keyId, 'k', KeyIdRandomChars);

    /// <summary>A new key for <paramref name="tenantId"/> with a fresh key id and secret.</summary>
    public static ApiKey Create(string tenantId)
    {
        var keyId = NewKeyId();
        var secret = RandomNumberGenerator.GetString(RandomIds.Alphabet, SecretChars);
        return new ApiKey(tenantId, keyId, $"{Prefix}{tenantId}_{keyId}_{secret}");
    }

    public static bool TryParse(string? presented, [NotNullWhen(true)] out ApiKey? key)
    {
        key = null;
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = presented[Prefix.Length..].Split('_');
        if (parts.Length != 3
            || !TenantIds.IsValid(parts[0])
            || !IsKeyId(parts[1])
            || parts[2].Length != SecretChars
            || parts[2].AsSpan().ContainsAnyExcept(RandomIds.Alphabet))
        {
            return false;
        }

        key = new ApiKey(parts[0], parts[1], presented);
        return true;
    }

    /// <summary>
    /// SHA-256 of the whole key. A fast hash is right here: the secret has 256 random bits, so there is nothing
    /// for a slow, salted password hash to protect against, and validation stays cheap.
    /// </summary>
    public string Hash() => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Value)));

    /// <summary>Compares in constant time, whatever the stored hash holds.</summary>
    public bool Matches(string storedHash)
    {
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(storedHash, stored, out var written) || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(Value), presented);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    /// <summary>Never print the secret by accident.</summary>
    public override string ToString() => $"{Prefix}{TenantId}_{KeyId}_***";
}
