using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sluice.Admin;

namespace Sluice.Dashboard;

/// <summary>
/// The dashboard's sign-in, kept by no instance: a cookie naming the admin and its expiry, signed with a key derived
/// from that admin's token (HMAC-SHA256), so any instance verifies it, and changing the token ends its sessions.
/// The cookie is HttpOnly and SameSite=Strict, and the token itself is never stored in the browser. Each session
/// has its own anti-forgery token, derived the same way, which every form carries and every change must present.
/// </summary>
public sealed class DashboardSession(IOptions<AdminOptions> options, TimeProvider clock)
{
    public const string CookieName = "sluice_admin";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly (string Actor, byte[] Key)[] _keys = options.Value.Tokens
        .Select(t => (t.Key, HMACSHA256.HashData(Encoding.UTF8.GetBytes(t.Value), "sluice-dashboard-session"u8)))
        .ToArray();

    /// <summary>Signs <paramref name="actor"/> in: sets the session cookie.</summary>
    public void SignIn(HttpContext context, string basePath, string actor)
    {
        var key = _keys.First(k => k.Actor == actor).Key;
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var expires = clock.GetUtcNow() + Lifetime;
        var payload = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(actor))}.{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}.{nonce}";
        context.Response.Cookies.Append(CookieName, $"{payload}.{Sign(key, payload)}", Cookie(context, basePath, expires));
    }

    public static void SignOut(HttpContext context, string basePath) =>
        context.Response.Cookies.Delete(CookieName, Cookie(context, basePath, DateTimeOffset.UnixEpoch));

    /// <summary>The signed-in admin and the session's anti-forgery token, or null without a valid, unexpired cookie.</summary>
    public (string Actor, string Csrf)? Current(HttpRequest request)
    {
        if (request.Cookies[CookieName] is not { } cookie || cookie.Split('.') is not [var actorPart, var expiresPart, var nonce, var signature])
        {
            return null;
        }

        var payload = $"{actorPart}.{expiresPart}.{nonce}";
        foreach (var (actor, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, payload)), Encoding.ASCII.GetBytes(signature))
                && Base64Url.IsValid(actorPart) && Encoding.UTF8.GetString(Base64Url.DecodeFromChars(actorPart)) == actor
                && long.TryParse(expiresPart, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                && clock.GetUtcNow() < DateTimeOffset.FromUnixTimeSeconds(expires))
            {
                return (actor, Sign(key, "csrf." + payload));
            }
        }

        return null;
    }

    private static string Sign(byte[] key, string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));

    private static CookieOptions Cookie(HttpContext context, string basePath, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = context.Request.PathBase.Add(basePath).Value,
        Expires = expires,
        IsEssential = true,
    };
}
