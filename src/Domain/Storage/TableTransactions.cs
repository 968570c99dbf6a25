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
}
