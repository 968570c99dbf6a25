using System.ComponentModel.DataAnnotations;

namespace Sluice.Events;

/// <summary>Section <c>Sluice:Retention</c>: how often the retention pass runs (the days kept are each plan's).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Sluice:Retention";

    /// <summary>Between two passes. An event outlives its retention by at most this plus one pass.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
