namespace Sluice.Billing;

/// <summary>One Stripe event as Sluice received it and what became of it. Its payload is kept beside it.</summary>
public sealed record LedgerEntry(
    string EventId,
    string Type,
    DateTimeOffset Created,
    DateTimeOffset ReceivedAt,
    string Source,
    string Status,
    string? Detail,
    string? TenantId,
    int Attempts,
    DateTimeOffset? HandledAt)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsSettled => Status is LedgerStatus.Applied or LedgerStatus.Ignored;
}

/// <summary>Where a ledger entry stands.</summary>
public static class LedgerStatus
{
    /// <summary>Recorded and queued, not yet handled.</summary>
    public const string Received = "received";

    /// <summary>Handled: the tenant now reflects it (or already did).</summary>
    public const string Applied = "applied";

    /// <summary>Handled and deliberately not acted on (an unknown type, an unlinked customer, an older state); the detail says why.</summary>
    public const string Ignored = "ignored";

    /// <summary>Could not be applied (a price with no plan, a customer linked elsewhere, retries exhausted); an admin replays it once fixed.</summary>
    public const string Failed = "failed";

    public static readonly string[] All = [Received, Applied, Ignored, Failed];
}

/// <summary>Where a ledger entry came from.</summary>
public static class LedgerSource
{
    public const string Webhook = "webhook";
    public const string Reconciliation = "reconciliation";
}
