using Azure.Data.Tables;

namespace Sluice.Sessions;

/// <summary>
/// One reaping pass: deletes every session past its expiry, a partition at a time, in table transactions of up to
/// 100 (<see cref="TableTransactions.DeleteAsync"/>, safe to run on several instances at once). The Functions host runs it from its eternal orchestration, the
/// Server from its lease-guarded schedule (one instance at a time). The pass reads every row's key and expiry (two
/// small columns; a page per 1,000 sessions), so it also knows how many sessions remain active.
/// </summary>
public sealed class SessionReaper(SluiceTables tables, SessionMetrics metrics, TimeProvider clock)
{
    /// <returns>How many sessions this pass deleted.</returns>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var reaped = 0;
        var active = 0L;
        foreach (var partition in SessionStore.Partitions)
        {
            var rows = tables.Sessions.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey", "ExpiresAt"], cancellationToken: cancellationToken);
            var expired = new List<string>();
            await foreach (var row in rows)
            {
                if (row.GetDateTimeOffset("ExpiresAt") is { } expiresAt && expiresAt > now)
                {
                    active++;
                }
                else
                {
                    expired.Add(row.RowKey);
                }

                // Deleting behind the scan is safe: its continuation is a key, not a position.
                if (expired.Count == TableTransactions.MaxActions)
                {
                    reaped += await DeleteAsync(partition, expired, cancellationToken);
                    expired.Clear();
                }
            }

            if (expired.Count > 0)
            {
                reaped += await DeleteAsync(partition, expired, cancellationToken);
            }
        }

        metrics.Reaped(reaped, active);
        return reaped;
    }

    private Task<int> DeleteAsync(string partition, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        TableTransactions.DeleteAsync(tables.Sessions, partition, ids, cancellationToken);
}
