using System.Text.Json;

namespace Sluice.Client;

/// <summary>Cuts events into requests within the server's limits: at most 100 events (fewer where the tenant's per-minute limit is lower) and about 1 MiB a request.</summary>
public static class EventBatches
{
    public const int MaxEvents = 100;

    /// <summary>The server takes 1 MiB; leave room for the envelope.</summary>
    public const int MaxBytes = 1_000_000;

    /// <summary>The batch that starts at <paramref name="offset"/>: at most <paramref name="maxEvents"/> events and about 1 MiB, and at least one event.</summary>
    public static IReadOnlyList<SluiceEvent> Next(IReadOnlyList<SluiceEvent> events, int offset, int maxEvents)
    {
        var batch = new List<SluiceEvent>();
        var bytes = 0;
        for (var i = offset; i < events.Count && batch.Count < maxEvents; i++)
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(events[i]).Length + 1;
            if (batch.Count > 0 && bytes + size > MaxBytes)
            {
                break;
            }

            batch.Add(events[i]);
            bytes += size;
        }

        return batch;
    }
}
