using Azure.Data.Tables;

namespace Sluice.Storage;

/// <summary>
/// Submits an entity-group transaction after checking the service's rules ourselves: Azurite accepts batches the
/// real service rejects (several partitions) and garbles its reply past 100 actions, so tests would not catch it.
/// </summary>
public static class TableTransactions
{
    public const int MaxActions = 100;

    public static async Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentOutOfRangeException(nameof(actions), actions.Count, $"A table transaction holds 1 to {MaxActions} actions.");
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => a.Entity.PartitionKey != partition))
        {
            throw new ArgumentException("A table transaction must stay within one partition.", nameof(actions));
        }

        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>
    /// Deletes rows of one partition, up to <see cref="MaxActions"/> per transaction. Safe to race with another
    /// deleter: a transaction that finds a row already gone is redone row by row, where deleting a missing row succeeds.
    /// </summary>
    /// <returns>How many rows this call deleted.</returns>
    public static async Task<int> DeleteAsync(TableClient table, string partition, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in rowKeys.Chunk(MaxActions))
        {
            try
            {
                await SubmitAsync(table, chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row), Azure.ETag.All)).ToArray(), cancellationToken);
                deleted += chunk.Length;
            }
            catch (TableTransactionFailedException)
            {
                foreach (var row in chunk)
                {
                    var response = await table.DeleteEntityAsync(partition, row, Azure.ETag.All, cancellationToken);
                    deleted += response.Status == StatusCodes.Status404NotFound ? 0 : 1;
                }
            }
        }

        return deleted;
    }
}
