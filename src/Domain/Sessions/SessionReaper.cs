using Azure.Data.Tables;

namespace Sluice.Sessions;

/// <summary>
/// One reaping pass: deletes every session past its expiry, a partition at a time, in table transactions of up to
/// 100. Safe to run on several instances at once: a transaction that loses a race (a row already gone) is redone
/// row by row, where deleting a missing row succeeds. The Functions host runs it from its eternal orchestration, the
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

    private async Task<int> DeleteAsync(string partition, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        try
        {
            var actions = ids.Select(id => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, id), Azure.ETag.All)).ToArray();
            await TableTransactions.SubmitAsync(tables.Sessions, actions, cancellationToken);
            return ids.Count;
        }
        catch (TableTransactionFailedException)
        {
            var deleted = 0;
            foreach (var id in ids)
            {
                var response = await tables.Sessions.DeleteEntityAsync(partition, id, Azure.ETag.All, cancellationToken);
                deleted += response.Status == StatusCodes.Status404NotFound ? 0 : 1;
            }

            return deleted;
        }
    }
}
