using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Testing;

/// <summary>
/// Delivers webhooks as Stripe does, signed by Stripe's documented scheme (computed here, not by Stripe.net):
/// <c>Stripe-Signature: t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{raw body}" keyed by the endpoint secret}</c>.
/// </summary>
public static class StripeWebhooks
{
    public const string Path = "/api/webhooks/stripe";

    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public static Task<HttpResponseMessage> DeliverAsync(this SluiceHost host, string body, string secret, DateTimeOffset? signedAt = null) =>
        host.PostWebhookAsync(body, Sign(body, secret, signedAt ?? DateTimeOffset.UtcNow));

    public static async Task<HttpResponseMessage> PostWebhookAsync(this SluiceHost host, string body, string? signatureHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (signatureHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signatureHeader);
        }

        return await host.Client.SendAsync(request);
    }
}
