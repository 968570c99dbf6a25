using Azure.Data.Tables;

namespace Sluice.Sessions;

/// <summary>
/// One reaping pass: deletes every session past its expiry, a partition at a time, in table transactions of up to
/// 100. Safe to run on several instances at once: a transaction that loses a race (a row already gone) is redone
/// row by row, where deleting a missing row succeeds. The Functions host runs it from its eternal orchestration, the
/// Server from its lease-guarded schedule (one instance at a time).
/// </summary>
public sealed class SessionReaper(SluiceTables tables, TimeProvider clock)
{
    /// <returns>How many sessions this pass deleted.</returns>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var reaped = 0;
        foreach (var partition in SessionStore.Partitions)
        {
            var expired = tables.Sessions.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and ExpiresAt le {now}"),
                maxPerPage: TableTransactions.MaxActions, select: ["RowKey"], cancellationToken: cancellationToken);
            await foreach (var page in expired.AsPages())
            {
                if (page.Values.Count > 0)
                {
                    reaped += await DeleteAsync(partition, page.Values.Select(e => e.RowKey).ToArray(), cancellationToken);
                }
            }
        }

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
