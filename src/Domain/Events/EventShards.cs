using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Events;

/// <summary>
/// Where an event's two rows live, both chosen by a stable hash of the event id. The log rows of a tenant are spread
/// over <see cref="LogCount"/> shards, each a partition in a table of its own, which every read queries side by side;
/// the guards, which are only ever read by id, over <see cref="GuardCount"/> partitions of the event ids table. Table Storage serves about 2,000 entities/s per
/// partition; at the highest rate override (1,000,000 events/min, about 16,700/s) 32 of each keep every partition
/// near 520 rows/s. Keeping guards apart also halves the partitions Azurite searches on every insert (its cost per
/// insert grows with the partition's size: docs/performance.md).
/// </summary>
public static class EventShards
{
    public const int LogCount = 32;
    public const int GuardCount = 32;

    public static string LogPartition(string tenantId, int shard) => $"{tenantId}_{shard}";

    public static int LogShardOf(string eventId) => Hash(eventId)[0] % LogCount;

    public static string LogPartitionOf(string tenantId, string eventId) => LogPartition(tenantId, LogShardOf(eventId));

    /// <summary>The shard whose log partition <paramref name="partition"/> is (<c>{tenantId}_{shard}</c>), if it is one.</summary>
    public static int? LogShardOfPartition(string partition) =>
        int.TryParse(partition.AsSpan(partition.LastIndexOf('_') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
        && shard < LogCount && partition.EndsWith("_" + shard.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            ? shard
            : null;

    public static string GuardPartitionOf(string tenantId, string eventId) => $"{tenantId}_id{Hash(eventId)[1] % GuardCount}";

    private static byte[] Hash(string eventId) => SHA256.HashData(Encoding.UTF8.GetBytes(eventId));
}
