using System.ComponentModel.DataAnnotations;

namespace Sluice.Events;

/// <summary>Section <c>Sluice:Processing</c>.</summary>
public sealed class ProcessingOptions
{
    public const string Section = "Sluice:Processing";

    /// <summary>Deliveries of a message that fails for a reason other than storage before it is dead-lettered.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Deliveries tolerated while storage itself is failing: an outage should delay events, not dead-letter them.</summary>
    [Range(1, 10_000)]
    public int MaxAttemptsWhileStorageFails { get; set; } = 200;

    /// <summary>First retry delay; each later one doubles, up to <see cref="MaxRetryDelay"/>, with full jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a received message stays invisible to other instances: longer than any handler takes, and the time
    /// after which an instance's unfinished messages (it died) are delivered again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Messages handled at once per instance (the Server's queue worker), written together as one group: fuller
    /// transactions, so storage does far less per event. Sixteen processed as fast as 32 on the benchmark with less
    /// memory (docs/performance.md); the queue hands out at most 32 at a time.
    /// </summary>
    [Range(1, 32)]
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// While requests crowd in, the Server's processing yields to them in proportion to how young its backlog is, and
    /// not at all once the backlog is this old (<see cref="ProcessingPace"/>); zero turns yielding off. Sixty seconds
    /// let the one-process Server accept at close to the rate of one that only accepts (docs/performance.md). The
    /// Functions host scales processing apart from requests and does not yield.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxLagWhileAccepting { get; set; } = TimeSpan.FromSeconds(60);
}
