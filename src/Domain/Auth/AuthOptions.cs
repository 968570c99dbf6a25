using System.ComponentModel.DataAnnotations;

namespace Sluice.Auth;

/// <summary>Section <c>Sluice:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Sluice:Auth";

    /// <summary>
    /// The staleness bound: a tenant read from storage is trusted for this long on each instance, so a revoked key
    /// or a suspended tenant stops working everywhere within this time (sooner on the instance that made the change).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long "no such tenant" is remembered, so a flood of bogus keys does not become a flood of reads.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NegativeCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most tenants held in memory at once; beyond it the least recently used are evicted.</summary>
    [Range(100, 10_000_000)]
    public int CacheSizeLimit { get; set; } = 100_000;

    /// <summary>Most "no such tenant" answers held in memory, apart from real tenants so they cannot crowd them out.</summary>
    [Range(100, 10_000_000)]
    public int NegativeCacheSizeLimit { get; set; } = 10_000;

    /// <summary>Failed credentials (unknown key, wrong admin token) an address may send at once before it is refused.</summary>
    [Range(1, 1_000_000_000)]
    public int FailedAttemptsBurst { get; set; } = 20;

    /// <summary>Failed credentials an address earns back per minute once past the burst.</summary>
    [Range(1, 1_000_000_000)]
    public int FailedAttemptsPerMinute { get; set; } = 20;

    /// <summary>
    /// The least time an unknown-key refusal takes. "No such tenant" costs a storage read and "wrong secret for a real
    /// tenant" a cached hash comparison; both answer no sooner than this, so the time tells nothing about which.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan RefusalFloor { get; set; } = TimeSpan.FromMilliseconds(100);
}
