using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Sluice.Ingestion;

namespace Sluice.Billing;

/// <summary>
/// Every Stripe event Sluice has received, keyed by Stripe's event id, in partition <c>ledger</c> of the billing
/// table. Two rows per event, written in one transaction: <c>id_{eventId}</c> makes recording insert-if-absent and
/// points at <c>at_{inverted created}_{eventId}</c>, which holds the entry and sorts newest first for listing.
/// Payloads over a table property's limit go through a claim check.
/// </summary>
public sealed class BillingLedger(SluiceTables tables, ClaimChecks claims, TimeProvider clock)
{
    private const string Partition = "ledger";
    private const string IdPrefix = "id_";
    private const string AtPrefix = "at_";
    private const long LastUnixSecond = 99_999_999_999;
    private const int MaxDetailLength = 1_000;

    /// <summary>Records the event unless it is already there; either way returns the entry as stored.</summary>
    public async Task<(LedgerEntry Entry, bool Added)> TryAddAsync(StripeEventSummary stripeEvent, BinaryData payload, string source, CancellationToken cancellationToken)
    {
        var atRow = AtRow(stripeEvent.Id, stripeEvent.Created);
        var entry = new LedgerEntry(stripeEvent.Id, stripeEvent.Type, stripeEvent.Created, clock.GetUtcNow(), source, LedgerStatus.Received, null, null, 0, null);
        var stored = await claims.CheckInAsync($"stripe-{stripeEvent.Id}", payload, ClaimChecks.MaxTableInlineBytes, cancellationToken);
        var row = ToEntity(entry, atRow);
        row["Payload"] = stored.ToArray();
        try
        {
            await TableTransactions.SubmitAsync(tables.Billing,
            [
                new(TableTransactionActionType.Add, new TableEntity(Partition, IdPrefix + stripeEvent.Id) { ["At"] = atRow }),
                new(TableTransactionActionType.Add, row),
            ], cancellationToken);
            return (entry, true);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return (await FindAsync(stripeEvent.Id, cancellationToken) ?? throw new InvalidOperationException($"Ledger entry {stripeEvent.Id} exists but cannot be read."), false);
        }
    }

    public async Task<LedgerEntry?> FindAsync(string eventId, CancellationToken cancellationToken) =>
        await FindRowAsync(eventId, cancellationToken) is { } row ? ToEntry(row) : null;

    /// <summary>The event as Stripe sent it (one read: the entry names its own row).</summary>
    public async Task<string> ReadPayloadAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var row = await tables.Billing.GetEntityAsync<TableEntity>(Partition, AtRow(entry.EventId, entry.Created), select: ["Payload"], cancellationToken: cancellationToken);
        return (await claims.ResolveAsync(BinaryData.FromBytes(row.Value.GetBinary("Payload")), cancellationToken)).ToString();
    }

    /// <summary>Records what handling the event came to.</summary>
    public async Task<LedgerEntry> SettleAsync(LedgerEntry entry, string status, string? detail, string? tenantId, CancellationToken cancellationToken)
    {
        var settled = entry with
        {
            Status = status,
            Detail = detail is { Length: > MaxDetailLength } ? detail[..MaxDetailLength] : detail,
            TenantId = tenantId ?? entry.TenantId,
            Attempts = entry.Attempts + 1,
            HandledAt = clock.GetUtcNow(),
        };
        await tables.Billing.UpdateEntityAsync(ToEntity(settled, AtRow(entry.EventId, entry.Created)), ETag.All, TableUpdateMode.Merge, cancellationToken);
        return settled;
    }

    /// <summary>Newest first by Stripe's creation time, optionally only entries in <paramref name="status"/>.</summary>
    public Task<Listing<LedgerEntry>> ListAsync(string? status, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {AtPrefix} and RowKey lt {AtPrefix + "~"}");
        if (status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status}");
        }

        return TablePages.ReadAsync(tables.Billing, filter, continuation, pageSize, ToEntry, Columns, cancellationToken);
    }

    private static readonly string[] Columns = ["EventId", "Type", "Created", "ReceivedAt", "Source", "Status", "Detail", "TenantId", "Attempts", "HandledAt"];

    private async Task<TableEntity?> FindRowAsync(string eventId, CancellationToken cancellationToken)
    {
        if (!StripeEventSummary.IsValidId(eventId))
        {
            return null;
        }

        var pointer = await tables.Billing.GetEntityIfExistsAsync<TableEntity>(Partition, IdPrefix + eventId, cancellationToken: cancellationToken);
        if (!pointer.HasValue || pointer.Value!.GetString("At") is not { } atRow)
        {
            return null;
        }

        // The entry without its payload, which only ReadPayloadAsync needs.
        var row = await tables.Billing.GetEntityIfExistsAsync<TableEntity>(Partition, atRow, Columns, cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private static string AtRow(string eventId, DateTimeOffset created) =>
        AtPrefix + (LastUnixSecond - created.ToUnixTimeSeconds()).ToString("D11", CultureInfo.InvariantCulture) + "_" + eventId;

    private static TableEntity ToEntity(LedgerEntry entry, string atRow) => new(Partition, atRow)
    {
        ["EventId"] = entry.EventId,
        ["Type"] = entry.Type,
        ["Created"] = entry.Created,
        ["ReceivedAt"] = entry.ReceivedAt,
        ["Source"] = entry.Source,
        ["Status"] = entry.Status,
        // Never null: a merge skips null properties, and a replayed entry's old detail must not survive it.
        ["Detail"] = entry.Detail ?? "",
        ["TenantId"] = entry.TenantId,
        ["Attempts"] = entry.Attempts,
        ["HandledAt"] = entry.HandledAt,
    };

    private static LedgerEntry ToEntry(TableEntity row) => new(
        row.GetString("EventId"),
        row.GetString("Type"),
        row.GetDateTimeOffset("Created")!.Value,
        row.GetDateTimeOffset("ReceivedAt")!.Value,
        row.GetString("Source"),
        row.GetString("Status"),
        row.GetString("Detail") is { Length: > 0 } detail ? detail : null,
        row.GetString("TenantId"),
        row.GetInt32("Attempts") ?? 0,
        row.GetDateTimeOffset("HandledAt"));
}
