using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Sluice.Limits;
using Sluice.Tenants;
using Sluice.Usage;

namespace Sluice.Events;

/// <summary>
/// One retention pass: for every tenant, deletes the events its log has kept longer than its retention
/// (<see cref="PlanLimits.RetentionDays"/>), with their guard rows, and the per-batch usage markers of months that
/// ended before then (each month's counters stay: a few rows a month, and the usage history). A log partition reads
/// newest first, so the expired rows are one key range at its end. Guards go first: a pass interrupted between the
/// two leaves a log row that the next pass finds again, never a guard nobody would find. An event id sent again after
/// its event expired is accepted as new. Safe on several instances at once (<see cref="TableTransactions.DeleteAsync"/>).
/// The Server runs it on its lease-guarded schedule, the Functions host from an eternal orchestration.
/// </summary>
public sealed partial class EventRetention(SluiceTables tables, ITenantStore tenants, IOptions<PlansOptions> plans, TimeProvider clock, ILogger<EventRetention> logger)
{
    public const int MaxDays = 3650;

    private const int TenantPage = 100;

    /// <returns>How many events this pass deleted.</returns>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        long expired = 0;
        string? continuation = null;
        do
        {
            var page = await tenants.ListAsync(continuation, TenantPage, cancellationToken);
            foreach (var tenant in page.Items)
            {
                expired += await ExpireAsync(tenant, cancellationToken);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        return expired;
    }

    /// <returns>How many of the tenant's events were deleted.</returns>
    public async Task<long> ExpireAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddDays(-plans.Value.For(tenant).RetentionDays);
        long expired = 0;
        foreach (var (log, partition) in tables.EventLogPartitions(tenant.Id))
        {
            // Rows received before the cutoff sort after its bound; "u" is past every "t_" key.
            var rows = log.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {EventRows.LogBound(cutoff)} and RowKey lt {"u"}"),
                select: ["RowKey", "EventId"], cancellationToken: cancellationToken);
            await foreach (var page in rows.AsPages(pageSizeHint: 1000).WithCancellation(cancellationToken))
            {
                var events = page.Values.Select(r => (Row: r.RowKey, Id: r.GetString("EventId"))).ToList();
                foreach (var guards in events.GroupBy(e => EventShards.GuardPartitionOf(tenant.Id, e.Id)))
                {
                    await TableTransactions.DeleteAsync(tables.EventIds, guards.Key, guards.Select(e => EventRows.GuardRow(e.Id)), cancellationToken);
                }

                expired += await TableTransactions.DeleteAsync(log, partition, events.Select(e => e.Row), cancellationToken);
            }
        }

        await ExpireUsageMarkersAsync(tenant.Id, cutoff, cancellationToken);
        if (expired > 0)
        {
            LogExpired(logger, expired, tenant.Id, cutoff);
        }

        return expired;
    }

    /// <summary>The markers of the months that ended before <paramref name="cutoff"/> (partitions <c>{tenant}_{yyyyMM}</c>, rows <c>m_…</c>).</summary>
    private async Task ExpireUsageMarkersAsync(string tenantId, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var firstKept = $"{tenantId}_{UsageCounter.Month(cutoff)}";
        var markers = tables.Usage.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey gt {tenantId + "_"} and PartitionKey lt {firstKept} and RowKey gt {"m_"} and RowKey lt {"m`"}"),
            select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await foreach (var page in markers.AsPages(pageSizeHint: 1000).WithCancellation(cancellationToken))
        {
            foreach (var month in page.Values.GroupBy(m => m.PartitionKey))
            {
                await TableTransactions.DeleteAsync(tables.Usage, month.Key, month.Select(m => m.RowKey), cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Events} events of tenant {TenantId} received before {Cutoff:o}")]
    private static partial void LogExpired(ILogger logger, long events, string tenantId, DateTimeOffset cutoff);
}
