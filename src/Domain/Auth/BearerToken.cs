using Microsoft.Net.Http.Headers;

namespace Sluice.Auth;

/// <summary>Reads an <c>Authorization: Bearer</c> credential.</summary>
public static class BearerToken
{
    /// <summary>
    /// Null when no Authorization header was sent; the raw header when it is not a Bearer credential (so that the
    /// caller reports it as malformed rather than missing).
    /// </summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : header;
    }
}
