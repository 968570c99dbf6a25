using System.Security.Cryptography;
using System.Text;

namespace Sluice.Events;

/// <summary>
/// A tenant's log is spread over <see cref="Count"/> partitions by a stable hash of the event id. Table Storage
/// serves about 2,000 entities/s per partition; eight shards keep even a tenant at the highest override
/// (about 16,700 events/s, two entities each) off any single partition's ceiling for its share.
/// </summary>
public static class EventShards
{
    public const int Count = 8;

    public static int Of(string eventId) => SHA256.HashData(Encoding.UTF8.GetBytes(eventId))[0] % Count;

    public static string Partition(string tenantId, int shard) => $"{tenantId}_{shard}";

    /// <summary>The partition that holds an event's rows.</summary>
    public static string PartitionOf(string tenantId, string eventId) => Partition(tenantId, Of(eventId));

    public static IEnumerable<string> Partitions(string tenantId) => Enumerable.Range(0, Count).Select(s => Partition(tenantId, s));
}
