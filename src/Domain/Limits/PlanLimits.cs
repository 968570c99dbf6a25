using System.ComponentModel.DataAnnotations;
using Sluice.Events;
using Sluice.Tenants;

namespace Sluice.Limits;

/// <summary>
/// What a plan allows: events per minute (a token bucket: that sustained rate, bursts up to one minute's worth),
/// events per calendar month (UTC), and how many days its log keeps an event. A tenant's overrides replace its plan's
/// rate and retention, never its quota.
/// </summary>
public sealed record PlanLimits
{
    [Range(1, 10_000_000)]
    public int EventsPerMinute { get; init; }

    [Range(1, long.MaxValue)]
    public long EventsPerMonth { get; init; }

    /// <summary>Days an event stays in the log after it was received; the retention pass deletes it after that.</summary>
    [Range(1, EventRetention.MaxDays)]
    public int RetentionDays { get; init; }

    public double TokensPerSecond => EventsPerMinute / 60.0;

    /// <summary>
    /// The most an instance leases at a time: one second's worth or a twentieth of the bucket, whichever is more,
    /// so a burst does not become a storm of leases while leftovers stay small.
    /// </summary>
    public int Chunk => Math.Max(1, (int)Math.Ceiling(Math.Max(TokensPerSecond, EventsPerMinute / 20.0)));
}

/// <summary>Section <c>Sluice:Plans</c>: the limits of each plan, with these defaults.</summary>
public sealed class PlansOptions
{
    public const string Section = "Sluice:Plans";

    public PlanLimits Free { get; set; } = new() { EventsPerMinute = 60, EventsPerMonth = 100_000, RetentionDays = 7 };

    public PlanLimits Pro { get; set; } = new() { EventsPerMinute = 300, EventsPerMonth = 5_000_000, RetentionDays = 30 };

    public PlanLimits Team { get; set; } = new() { EventsPerMinute = 1_000, EventsPerMonth = 50_000_000, RetentionDays = 90 };

    public PlanLimits For(Tenant tenant)
    {
        var plan = tenant.Plan switch
        {
            Plan.Free => Free,
            Plan.Pro => Pro,
            _ => Team,
        };
        return plan with
        {
            EventsPerMinute = tenant.RateLimitOverride ?? plan.EventsPerMinute,
            RetentionDays = tenant.RetentionDaysOverride ?? plan.RetentionDays,
        };
    }
}
