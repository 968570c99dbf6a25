using System.ComponentModel.DataAnnotations;

namespace Sluice.Health;

/// <summary>Section <c>Sluice:Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Sluice:Health";

    /// <summary>
    /// How often each instance runs its readiness checks in the background, for <c>sluice_health_status</c> (what the
    /// readiness alert reads). Each run reads storage once per check.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BackgroundInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The oldest readiness result <c>/health/ready</c> serves; an older one is refreshed first. This bounds how often
    /// probes can make the checks run (once per this interval, however many probes arrive) and how late an outage
    /// shows.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReadinessMaxAge { get; set; } = TimeSpan.FromSeconds(2);
}
