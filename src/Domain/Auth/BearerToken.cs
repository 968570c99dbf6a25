using Microsoft.Net.Http.Headers;

namespace Sluice.Auth;

/// <summary>Reads an <c>Authorization: Bearer</c> credential.</summary>
public static class BearerToken
{
    /// <summary>
    /// Null when no Authorization header was sent; empty when it is not a Bearer credential, so that the caller
    /// refuses it as malformed rather than missing. A key sent without the scheme is not read as a key: what is not
    /// in the form the API documents is refused, not guessed at.
    /// </summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
    }
}
