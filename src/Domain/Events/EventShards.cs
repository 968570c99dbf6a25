using System.Security.Cryptography;
using System.Text;

namespace Sluice.Events;

/// <summary>
/// A tenant's log is spread over <see cref="Count"/> partitions by a stable hash of the event id. Table Storage
/// serves about 2,000 entities/s per partition; at the highest rate override (1,000,000 events/min, about 16,700/s,
/// two entities each) 32 shards keep each near 1,000. (Eight, as first built, would have put 4,200 on each.) Smaller
/// partitions also matter to Azurite, whose insert cost grows with the partition's size: 120,000 rows went in at
/// 1,284 entities/s over 8 partitions and 6,486 over 128 (docs/performance.md). Reads query every shard side by side.
/// </summary>
public static class EventShards
{
    public const int Count = 32;

    public static int Of(string eventId) => SHA256.HashData(Encoding.UTF8.GetBytes(eventId))[0] % Count;

    public static string Partition(string tenantId, int shard) => $"{tenantId}_{shard}";

    /// <summary>The partition that holds an event's rows.</summary>
    public static string PartitionOf(string tenantId, string eventId) => Partition(tenantId, Of(eventId));

    public static IEnumerable<string> Partitions(string tenantId) => Enumerable.Range(0, Count).Select(s => Partition(tenantId, s));
}
