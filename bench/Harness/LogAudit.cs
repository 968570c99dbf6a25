using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sluice.Events;
using Sluice.Storage;

namespace Sluice.Bench.Harness;

/// <summary>What the log holds for the accepted ids, each of which must be there exactly once: accepted ids, log rows, distinct ids among them, accepted ids missing, ids with several rows, ids nobody was told were accepted.</summary>
public sealed record AuditResult(long Accepted, long Logged, long Distinct, long Missing, long Duplicated, long Unexpected)
{
    public bool ExactlyOnce => Missing == 0 && Duplicated == 0 && Unexpected == 0 && Logged == Accepted;
}

public static class LogAudit
{
    /// <summary>Reads every log row of the tenant straight from its shard tables.</summary>
    public static async Task<AuditResult> RunAsync(string storage, string tablePrefix, string tenantId, IReadOnlyCollection<string> accepted)
    {
        var tables = new SluiceTables(new TableServiceClient(storage), Options.Create(new StorageOptions { TablePrefix = tablePrefix }));
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (log, partition) in tables.EventLogPartitions(tenantId))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {EventRows.LogPrefix} and RowKey lt {EventRows.LogPrefix + "~"}");
            await foreach (var row in log.QueryAsync<TableEntity>(filter, select: ["EventId"]))
            {
                var id = row.GetString("EventId");
                seen[id] = seen.GetValueOrDefault(id) + 1;
            }
        }

        var expected = accepted.ToHashSet(StringComparer.Ordinal);
        return new AuditResult(
            expected.Count,
            seen.Values.Sum(),
            seen.Count,
            expected.Count(id => !seen.ContainsKey(id)),
            seen.Count(s => s.Value > 1),
            seen.Keys.Count(id => !expected.Contains(id)));
    }
}
