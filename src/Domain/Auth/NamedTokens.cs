using System.Security.Cryptography;
using System.Text;

namespace Sluice.Auth;

/// <summary>
/// Configured tokens by the name of who holds them. A presented token is compared as a SHA-256 digest, in constant
/// time, against every one without stopping early, so neither timing nor length reveals anything.
/// </summary>
public sealed class NamedTokens(IReadOnlyDictionary<string, string> tokens)
{
    private readonly (string Name, byte[] Digest)[] _tokens = tokens
        .Select(t => (t.Key, SHA256.HashData(Encoding.UTF8.GetBytes(t.Value))))
        .ToArray();

    /// <summary>Who holds <paramref name="token"/>, or null.</summary>
    public string? NameOf(string token)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        string? holder = null;
        foreach (var (name, expected) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                holder = name;
            }
        }

        return holder;
    }
}
