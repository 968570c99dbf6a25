using Sluice.Health;
using Stripe;

namespace Sluice.Billing;

/// <summary>
/// <c>POST /api/webhooks/stripe</c>: verify the signature on the raw body (any configured secret), record the event
/// in the ledger (insert-if-absent by event id), queue it, answer 200. A duplicate answers 200 and changes nothing
/// (it is queued again only while its first delivery is still unapplied, so a lost queue message cannot lose it).
/// A bad or stale signature answers 400 and stores nothing. Stripe retries anything but 2xx for three days.
/// </summary>
public sealed class StripeWebhookApi(BillingLedger ledger, IBillingQueue queue, SluiceMetrics metrics, IOptions<StripeOptions> options, TimeProvider clock)
{
    /// <summary>Stripe's event payloads are far smaller; anything bigger is not one.</summary>
    public const int MaxBodyBytes = 512 * 1024;
    private const string SignatureHeader = "Stripe-Signature";
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly StripeOptions _options = options.Value;

    public async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (!_options.Enabled)
        {
            return Refuse(ProblemTypes.BillingDisabled, "Stripe billing is not configured here (Sluice:Stripe:WebhookSecrets).");
        }

        using var buffer = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (buffer is null)
        {
            return Refuse(ProblemTypes.PayloadTooLarge, $"A Stripe event is at most {MaxBodyBytes} bytes.");
        }

        var body = buffer.ToArray();
        if (Verify(body, request.Headers[SignatureHeader].ToString()) is { } refusal)
        {
            return refusal;
        }

        if (StripeEventSummary.TryRead(body) is not { } summary)
        {
            return Refuse(ProblemTypes.MalformedStripeEvent, "The body is signed but is not a Stripe event (object \"event\" with id evt_…, type and created).");
        }

        var (entry, added) = await ledger.TryAddAsync(summary, BinaryData.FromBytes(body), LedgerSource.Webhook, cancellationToken);
        if (added || entry.Status == LedgerStatus.Received)
        {
            await queue.SendAsync(entry.EventId, cancellationToken);
        }

        metrics.Webhook(added ? "accepted" : "duplicate");
        return JsonResults.Ok(new StripeEventReceipt(entry.EventId, entry.Type, !added, entry.Status));
    }

    /// <summary>
    /// Stripe's scheme through Stripe.net: HMAC-SHA256 of "{t}.{body}" under each secret, compared in constant time
    /// with every v1 signature in the header, and t within the tolerance of now. A second check with no tolerance
    /// tells a stale signature from a wrong one, so the sender learns which.
    /// </summary>
    private IResult? Verify(byte[] body, string header)
    {
        if (header.Length == 0)
        {
            return Refuse(ProblemTypes.InvalidSignature, $"The {SignatureHeader} header is missing.");
        }

        string json;
        try
        {
            json = StrictUtf8.GetString(body);
        }
        catch (ArgumentException)
        {
            return Refuse(ProblemTypes.InvalidSignature, "The body is not UTF-8, so it cannot carry a Stripe signature.");
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = (long)_options.SignatureTolerance.TotalSeconds;
        if (_options.WebhookSecrets.Any(secret => Matches(json, header, secret, tolerance, now)))
        {
            return null;
        }

        return _options.WebhookSecrets.Any(secret => Matches(json, header, secret, int.MaxValue, now))
            ? Refuse(ProblemTypes.StaleSignature, $"The signature's timestamp is more than {tolerance} s from now; Stripe signs each delivery afresh.")
            : Refuse(ProblemTypes.InvalidSignature, $"No v1 signature in {SignatureHeader} matches this body under a configured webhook secret.");
    }

    private static bool Matches(string json, string header, string secret, long tolerance, long now)
    {
        try
        {
            EventUtility.ValidateSignature(json, header, secret, tolerance, now);
            return true;
        }
        catch (Exception e) when (e is StripeException or FormatException or OverflowException or ArgumentException or KeyNotFoundException)
        {
            // Stripe.net parses the header itself: a garbled one throws format errors rather than StripeException.
            return false;
        }
    }

    private IResult Refuse(ProblemType type, string detail)
    {
        metrics.Webhook(type.Slug);
        return new Problem(type, detail).ToResult();
    }
}
