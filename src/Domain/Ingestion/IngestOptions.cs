using System.ComponentModel.DataAnnotations;

namespace Sluice.Ingestion;

/// <summary>Section <c>Sluice:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Sluice:Ingest";

    /// <summary>
    /// Queue sends in flight at once per instance; each carries every event waiting when it starts. One is right
    /// here: storage pays per request, so fewer, fuller messages carry more (docs/performance.md: with processing
    /// off, 1 sender about 10,900 events/s against 6,200-8,900 with 2). A slow send holds the next batch back, for at
    /// most the storage call timeout; <see cref="EnqueueDeadline"/> bounds what a client waits.
    /// </summary>
    [Range(1, 64)]
    public int Senders { get; set; } = 1;

    /// <summary>Requests waiting for a send, per instance; past it requests are shed with 503 at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxWaitingRequests { get; set; } = 20_000;

    /// <summary>
    /// Largest batch per queue message, as JSON before compression. Typical events compress 6-8x, so the default
    /// stays under the queue's 64 KiB; a batch that compresses worse goes through a blob (claim check).
    /// </summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>How long a request may wait for its events to be durably queued before it answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan EnqueueDeadline { get; set; } = TimeSpan.FromSeconds(10);
}
