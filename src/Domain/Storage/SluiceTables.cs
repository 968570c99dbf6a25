using Azure.Data.Tables;

namespace Sluice.Storage;

/// <summary>The tables Sluice owns, named with the configured prefix.</summary>
public sealed class SluiceTables(TableServiceClient service, IOptions<StorageOptions> options) : IProvisioned
{
    private readonly string _prefix = options.Value.TablePrefix;

    /// <summary>Tenants (with their keys) and their audit trail, one partition per tenant.</summary>
    public TableClient Tenants => service.GetTableClient(_prefix + "tenants");

    /// <summary>
    /// Each event id's guard (the batch that owns it, and where its log row is), in partitions <c>{tenantId}_id{n}</c>,
    /// and the events refused because their id was taken (<c>{tenantId}_conflicts</c>).
    /// </summary>
    public TableClient EventIds => service.GetTableClient(_prefix + "eventids");

    /// <summary>
    /// One shard of every tenant's event log: its partition <c>{tenantId}_{shard}</c> (<see cref="Events.EventShards"/>).
    /// A shard per table keeps each table small, which Azurite needs: it answers every query by scanning the whole
    /// table, so a read of all shards scans the log once instead of once per shard (docs/performance.md).
    /// </summary>
    public TableClient EventLog(int shard) => service.GetTableClient($"{_prefix}eventlog{shard}");

    public IEnumerable<TableClient> EventLogs => Enumerable.Range(0, Events.EventShards.LogCount).Select(EventLog);

    /// <summary>The shard table that holds <paramref name="eventId"/>'s log row.</summary>
    public TableClient EventLogOf(string eventId) => EventLog(Events.EventShards.LogShardOf(eventId));

    /// <summary>A tenant's whole log: each shard's table, with the tenant's partition in it.</summary>
    public IEnumerable<(TableClient Table, string Partition)> EventLogPartitions(string tenantId) =>
        Enumerable.Range(0, Events.EventShards.LogCount).Select(shard => (EventLog(shard), Events.EventShards.LogPartition(tenantId, shard)));

    /// <summary>Processed-event counters per tenant and month, with their exactly-once markers.</summary>
    public TableClient Usage => service.GetTableClient(_prefix + "usage");

    /// <summary>Each tenant's rate and quota budget, leased out to instances in chunks.</summary>
    public TableClient Limits => service.GetTableClient(_prefix + "limits");

    /// <summary>Event messages that kept failing, with why, until replayed.</summary>
    public TableClient DeadLetters => service.GetTableClient(_prefix + "deadletters");

    /// <summary>MCP sessions, in shard partitions so that the reaper deletes in batches.</summary>
    public TableClient Sessions => service.GetTableClient(_prefix + "sessions");

    /// <summary>Stripe's side: the webhook ledger, customer → tenant links, reconciliation checkpoint and reports.</summary>
    public TableClient Billing => service.GetTableClient(_prefix + "billing");

    public IEnumerable<TableClient> All => [Tenants, EventIds, .. EventLogs, Usage, Limits, DeadLetters, Sessions, Billing];

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(All.Select(table => table.CreateIfNotExistsAsync(cancellationToken)));
}
