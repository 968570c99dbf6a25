using Azure.Data.Tables;

namespace Sluice.Storage;

/// <summary>The tables Sluice owns, named with the configured prefix.</summary>
public sealed class SluiceTables(TableServiceClient service, IOptions<StorageOptions> options) : IProvisioned
{
    private readonly string _prefix = options.Value.TablePrefix;

    /// <summary>Tenants (with their keys) and their audit trail, one partition per tenant.</summary>
    public TableClient Tenants => service.GetTableClient(_prefix + "tenants");

    /// <summary>Each tenant's event log: guard and log rows, in shard partitions <c>{tenantId}_{shard}</c>.</summary>
    public TableClient Events => service.GetTableClient(_prefix + "events");

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

    public IEnumerable<TableClient> All => [Tenants, Events, Usage, Limits, DeadLetters, Sessions, Billing];

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }
}
