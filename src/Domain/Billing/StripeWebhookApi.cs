using Sluice.Health;
using Stripe;

namespace Sluice.Billing;

/// <summary>
/// <c>POST /api/webhooks/stripe</c>: verify the signature on the raw body (any configured secret), record the event
/// in the ledger (insert-if-absent by event id), queue it, answer 200. A duplicate answers 200 and changes nothing
/// (it is queued again only while its first delivery is still unapplied, so a lost queue message cannot lose it).
/// A bad or stale signature answers 400 and stores nothing. Stripe retries anything but 2xx for three days.
/// Before a signature matches, the work is bounded: the header's shape is checked first, the body is capped, and
/// each configured secret is tried once.
/// </summary>
public sealed class StripeWebhookApi(BillingLedger ledger, IBillingQueue queue, SluiceMetrics metrics, IOptions<StripeOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Stripe publishes no maximum, but an event embeds one object whose lists hold at most 10 items and whose
    /// metadata is at most 50 keys of 500 characters: real events are tens of KB. A refused oversized event would
    /// still be caught by reconciliation, which reads the subscription from Stripe's API.
    /// </summary>
    public const int MaxBodyBytes = 256 * 1024;
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

        var header = request.Headers[SignatureHeader].ToString();
        var (signature, malformed) = StripeSignatureHeader.Read(header);
        if (signature is null)
        {
            return Refuse(ProblemTypes.InvalidSignature, malformed!);
        }

        using var buffer = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (buffer is null)
        {
            return Refuse(ProblemTypes.PayloadTooLarge, $"A Stripe event is at most {MaxBodyBytes} bytes.");
        }

        var body = buffer.ToArray();
        if (Verify(body, header, signature.Timestamp) is { } refusal)
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
    /// with every v1 signature in the header; one pass, with no time limit. Only a delivery whose signature matched
    /// learns that its timestamp is too far from now (stale), so the timestamp tells an unsigned sender nothing.
    /// </summary>
    private IResult? Verify(byte[] body, string header, long timestamp)
    {
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
        if (!_options.WebhookSecrets.Any(secret => Matches(json, header, secret, now)))
        {
            return Refuse(ProblemTypes.InvalidSignature, $"No v1 signature in {SignatureHeader} matches this body under a configured webhook secret.");
        }

        var tolerance = (long)_options.SignatureTolerance.TotalSeconds;
        return Math.Abs(now - timestamp) > tolerance
            ? Refuse(ProblemTypes.StaleSignature, $"The signature's timestamp is more than {tolerance} s from now; Stripe signs each delivery afresh.")
            : null;
    }

    private static bool Matches(string json, string header, string secret, long now)
    {
        try
        {
            EventUtility.ValidateSignature(json, header, secret, int.MaxValue, now);
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
