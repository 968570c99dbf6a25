using System.Globalization;

namespace Sluice.Billing;

/// <summary>
/// The shape of a <c>Stripe-Signature</c> header (<c>t=…,v1=…[,v1=…]</c>), checked before the body is read or any
/// HMAC computed: Stripe sends one <c>v1</c> per signing secret of the endpoint (two while a secret is rolled), so a
/// header with many, or one longer than a few hundred characters, is not from Stripe and costs nothing more.
/// </summary>
public sealed record StripeSignatureHeader(long Timestamp)
{
    public const int MaxLength = 512;
    public const int MaxSignatures = 4;

    /// <summary>The header's timestamp, or why the header cannot be Stripe's.</summary>
    public static (StripeSignatureHeader? Header, string? Refusal) Read(string header)
    {
        if (header.Length == 0)
        {
            return (null, "The Stripe-Signature header is missing.");
        }

        if (header.Length > MaxLength)
        {
            return (null, $"The Stripe-Signature header is longer than {MaxLength} characters; Stripe's is far shorter.");
        }

        long? timestamp = null;
        var signatures = 0;
        foreach (var item in header.Split(','))
        {
            var (key, value) = item.IndexOf('=') is var at and > 0 ? (item[..at].Trim(), item[(at + 1)..].Trim()) : (item.Trim(), "");
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (key == "v1")
            {
                signatures++;
            }
        }

        return (timestamp, signatures) switch
        {
            (null, _) => (null, "The Stripe-Signature header has no timestamp (t=…)."),
            (_, 0) => (null, "The Stripe-Signature header has no v1 signature."),
            (_, > MaxSignatures) => (null, $"The Stripe-Signature header carries {signatures} v1 signatures; Stripe sends at most one per signing secret ({MaxSignatures} accepted)."),
            _ => (new StripeSignatureHeader(timestamp.Value), null),
        };
    }
}
