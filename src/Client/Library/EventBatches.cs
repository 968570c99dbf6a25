using System.Text.Json;

namespace Sluice.Client;

/// <summary>Splits events into requests within the server's limits: at most 100 events and about 1 MiB a request.</summary>
public static class EventBatches
{
    public const int MaxEvents = 100;

    /// <summary>The server takes 1 MiB; leave room for the envelope.</summary>
    public const int MaxBytes = 1_000_000;

    public static IEnumerable<IReadOnlyList<SluiceEvent>> Of(IEnumerable<SluiceEvent> events)
    {
        var batch = new List<SluiceEvent>();
        var bytes = 0;
        foreach (var e in events)
        {
            var size = JsonSerializer.SerializeToUtf8Bytes(e).Length + 1;
            if (batch.Count > 0 && (batch.Count == MaxEvents || bytes + size > MaxBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(e);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
