using System.ComponentModel.DataAnnotations;

namespace Sluice.Ingestion;

/// <summary>Section <c>Sluice:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Sluice:Ingest";

    /// <summary>Queue sends in flight at once per instance; each carries every event waiting when it starts.</summary>
    [Range(1, 64)]
    public int Senders { get; set; } = 4;

    /// <summary>Requests waiting for a send, per instance; past it requests are shed with 503 at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxWaitingRequests { get; set; } = 20_000;

    /// <summary>Largest queue message; bigger single requests go through a blob (claim check).</summary>
    [Range(1024, 60 * 1024)]
    public int MaxMessageBytes { get; set; } = 48 * 1024;

    /// <summary>How long a request may wait for its events to be durably queued before it answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan EnqueueDeadline { get; set; } = TimeSpan.FromSeconds(10);
}
