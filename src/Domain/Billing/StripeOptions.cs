using System.ComponentModel.DataAnnotations;
using Sluice.Tenants;

namespace Sluice.Billing;

/// <summary>
/// Stripe billing. Section <c>Sluice:Stripe</c>. Billing is on once a webhook secret is set; it then needs the API
/// key too, since reconciliation and out-of-order arbitration ask Stripe's API.
/// </summary>
public sealed class StripeOptions : IValidatableObject
{
    public const string Section = "Sluice:Stripe";

    /// <summary>Signing secrets (<c>whsec_…</c>) of the webhook endpoint; a delivery signed by any of them is accepted, so a secret can be rotated.</summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>A restricted key that may read events, customers and subscriptions.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Stripe's API, or a stand-in (the tests point it at a local server).</summary>
    public Uri ApiBase { get; set; } = new("https://api.stripe.com");

    /// <summary>Stripe price id → Sluice plan, for example <c>price_1Q…: pro</c>.</summary>
    public Dictionary<string, Plan> Prices { get; set; } = [];

    /// <summary>How far a webhook's signed timestamp may be from now (Stripe's default).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a tenant keeps its plan after a payment fails before it is suspended.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan PastDueGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Two states whose Stripe times are this close cannot be ordered (whole-second timestamps, clock skew between
    /// Stripe and us): the processor asks Stripe's API for the subscription instead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan OrderingWindow { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconciliationInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Linked tenants checked per reconciliation step (one activity each in the Functions host).</summary>
    [Range(1, 1000)]
    public int ReconciliationPageSize { get; set; } = 100;

    /// <summary>How far back the first reconciliation lists events (Stripe keeps 30 days).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Each run lists events from this long before the last run started: events appear in Stripe's list with a delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CheckpointOverlap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A ledger entry still unapplied this long after it arrived is applied by reconciliation (its message was lost).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of a Stripe API call that answered 429, 5xx or not at all; the first waits about this long (or what Retry-After says), then doubling.</summary>
    [Range(1, 10)]
    public int MaxRetries { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>No single Stripe call may take longer, however long a Retry-After asks to wait.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool Enabled => WebhookSecrets.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WebhookSecrets.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("A webhook secret is empty.", [nameof(WebhookSecrets)]);
        }

        if (Enabled && string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new ValidationResult("Webhook secrets are set but ApiKey is not: reconciliation needs Stripe's API.", [nameof(ApiKey)]);
        }
    }
}
