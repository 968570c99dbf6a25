using System.ComponentModel.DataAnnotations;

namespace Sluice.Ingestion;

/// <summary>Section <c>Sluice:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Sluice:Ingest";

    /// <summary>
    /// Queue sends in flight at once per instance; each carries every event waiting when it starts. Few is right:
    /// storage pays per request, so fewer, fuller messages carry more (measured in docs/performance.md: 1 sender
    /// 6,600 events/s, 2 about 5,000, 16 about 2,400); two keep one slow send from holding everything up.
    /// </summary>
    [Range(1, 64)]
    public int Senders { get; set; } = 2;

    /// <summary>Requests waiting for a send, per instance; past it requests are shed with 503 at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxWaitingRequests { get; set; } = 20_000;

    /// <summary>
    /// Largest batch per queue message; above the queue's inline limit a batch goes through a blob (claim check).
    /// Larger batches through blobs measured no faster on Azurite.
    /// </summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 48 * 1024;

    /// <summary>How long a request may wait for its events to be durably queued before it answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan EnqueueDeadline { get; set; } = TimeSpan.FromSeconds(10);
}
