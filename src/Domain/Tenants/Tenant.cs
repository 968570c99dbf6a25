using Sluice.Keys;

namespace Sluice.Tenants;

/// <summary>
/// A tenant together with its API keys: one entity, so that validating a key and checking its tenant's status is
/// one point read, and suspending a tenant and revoking a key are each one atomic write.
/// </summary>
public sealed record Tenant(
    string Id,
    string Name,
    Plan Plan,
    TenantStatus Status,
    int? RateLimitOverride,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ApiKeyRecord> Keys)
{
    /// <summary>Active keys a tenant may hold at once; enough for per-environment keys and a rotation.</summary>
    public const int MaxActiveKeys = 10;

    /// <summary>Revoked keys kept for listing and for answering "revoked" rather than "unknown".</summary>
    public const int MaxRevokedKeysKept = 10;

    /// <summary>Days its log keeps an event, in place of its plan's.</summary>
    public int? RetentionDaysOverride { get; init; }

    /// <summary>Set once the tenant is linked to a Stripe customer; from then on Stripe decides its plan.</summary>
    public TenantBilling? Billing { get; init; }

    public ApiKeyRecord? FindKey(string keyId) => Keys.FirstOrDefault(k => k.Id == keyId);

    /// <summary>Suspended by an admin, or unpaid past its grace period (effective at that moment, with no job to run).</summary>
    public bool IsSuspendedAt(DateTimeOffset now) => Status == TenantStatus.Suspended || Billing?.SuspendsAt <= now;
}
