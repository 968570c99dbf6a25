using Sluice.Events;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Admin;

/// <summary>
/// The fields an admin change reads, with their limits, for the admin API (JSON bodies) and the dashboard (forms,
/// read as the same JSON): one set of rules, one set of 422s.
/// </summary>
public static class AdminFields
{
    public const int MaxNameLength = 100;
    public const int MaxRateLimitOverride = 1_000_000;
    public const int MaxRotationGraceSeconds = 7 * 24 * 60 * 60;

    public static (string Name, Plan Plan, int? RateLimitOverride) Creation(FieldReader fields)
    {
        var name = fields.String("name", MaxNameLength, required: true);
        var plan = fields.Enum<Plan>("plan") ?? Plan.Free;
        var rateLimitOverride = fields.Int("rateLimitOverride", 1, MaxRateLimitOverride, out _);
        fields.ThrowIfInvalid();
        return (name!, plan, rateLimitOverride);
    }

    public static TenantChanges Changes(FieldReader fields)
    {
        var changes = new TenantChanges(
            fields.String("name", MaxNameLength),
            fields.Enum<Plan>("plan"),
            fields.Enum<TenantStatus>("status"),
            fields.Int("rateLimitOverride", 1, MaxRateLimitOverride, out var clearOverride),
            clearOverride)
        {
            RetentionDaysOverride = fields.Int("retentionDaysOverride", 1, EventRetention.MaxDays, out var clearRetention),
            ClearRetentionDaysOverride = clearRetention,
        };
        fields.ThrowIfInvalid();
        return changes;
    }

    public static (string Name, ApiKeyScope Scopes) KeyIssue(FieldReader fields)
    {
        var name = fields.String("name", MaxNameLength) ?? "default";
        var scopes = fields.Flags<ApiKeyScope>("scopes", required: true);
        fields.ThrowIfInvalid();
        return (name, scopes!.Value);
    }

    public static TimeSpan RotationGrace(FieldReader fields)
    {
        var grace = TimeSpan.FromSeconds(fields.Int("graceSeconds", 0, MaxRotationGraceSeconds, out _) ?? 0);
        fields.ThrowIfInvalid();
        return grace;
    }
}
