using Azure.Data.Tables;
using Sluice.Events;

namespace Sluice.Tenants.Transfer;

/// <summary>
/// Where a tenant's rows live, by the names an export uses: its tenant row and audit trail (its own partition of
/// tenants), its events (its log partition in each log shard's table, and its guards and conflicts in partitions of
/// the event ids table named after it), its usage (partitions named after it), its rate-limit budget with the month's
/// accepted count against its quota (its partition of limits), and its billing link (the row of its Stripe
/// customer). MCP sessions are transient and stay behind.
/// </summary>
public sealed class TenantTables(SluiceTables tables)
{
    public const string Tenants = "tenants";
    public const string Events = "events";
    public const string Usage = "usage";
    public const string Limits = "limits";
    public const string Billing = "billing";
    private const string CustomerPartition = Sluice.Billing.CustomerLinks.Partition;

    /// <summary>The stored table of a row of an export: an events row by its partition, a log shard's or the event ids'.</summary>
    public TableClient Client(string table, string partitionKey) => table switch
    {
        Tenants => tables.Tenants,
        Events => EventShards.LogShardOfPartition(partitionKey) is { } shard ? tables.EventLog(shard) : tables.EventIds,
        Usage => tables.Usage,
        Limits => tables.Limits,
        Billing => tables.Billing,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Not a table an export holds."),
    };

    /// <summary>Each table an export names, the stored table to read, and the filter that selects the tenant's rows in it.</summary>
    public IEnumerable<(string Table, TableClient Client, string Filter)> Of(Tenant tenant)
    {
        yield return (Tenants, tables.Tenants, TableClient.CreateQueryFilter($"PartitionKey eq {tenant.Id}"));
        yield return (Events, tables.EventIds, OwnPartitions(tenant.Id));
        foreach (var (log, partition) in tables.EventLogPartitions(tenant.Id))
        {
            yield return (Events, log, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"));
        }

        yield return (Usage, tables.Usage, OwnPartitions(tenant.Id));
        yield return (Limits, tables.Limits, TableClient.CreateQueryFilter($"PartitionKey eq {tenant.Id}"));
        if (tenant.Billing is { CustomerId: var customer })
        {
            yield return (Billing, tables.Billing, TableClient.CreateQueryFilter($"PartitionKey eq {CustomerPartition} and RowKey eq {customer}"));
        }
    }

    /// <summary>Whether a row of an import belongs to <paramref name="tenantId"/>, as <see cref="Of"/> would select it.</summary>
    public static bool Owns(string tenantId, ExportRow row) => row.Table switch
    {
        Tenants or Limits => row.PartitionKey == tenantId,
        Events or Usage => row.PartitionKey.StartsWith(tenantId + "_", StringComparison.Ordinal),
        Billing => row.PartitionKey == CustomerPartition && row.Properties.TryGetValue("TenantId", out var owner) && owner.Value?.ToString() == tenantId,
        _ => false,
    };

    // Partitions "{tenantId}_…": '`' is the character after '_'.
    private static string OwnPartitions(string tenantId) =>
        TableClient.CreateQueryFilter($"PartitionKey gt {tenantId + "_"} and PartitionKey lt {tenantId + "`"}");
}
