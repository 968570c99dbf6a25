using System.Security.Cryptography;

namespace Sluice.Keys;

/// <summary>
/// Random identifiers in lower-case Crockford base32: safe in URLs, table keys and API keys, and free of
/// look-alike characters and of the '_' that separates an API key's parts.
/// </summary>
public static class RandomIds
{
    public const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(char prefix, int randomChars) =>
        prefix + RandomNumberGenerator.GetString(Alphabet, randomChars);

    public static bool IsValid(ReadOnlySpan<char> id, char prefix, int randomChars) =>
        id.Length == randomChars + 1 && id[0] == prefix && !id[1..].ContainsAnyExcept(Alphabet);
}
