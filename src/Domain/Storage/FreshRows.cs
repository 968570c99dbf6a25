using Azure.Data.Tables;

namespace Sluice.Storage;

/// <summary>Inserting a row whose key was just drawn at random.</summary>
public static class FreshRows
{
    /// <summary>
    /// Adds the row. A conflict cannot be another writer's row (the key holds at least 60 random bits): it is this insert,
    /// retried by the storage pipeline after its first answer was lost or late, so it counts as done.
    /// </summary>
    public static async Task AddAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == StatusCodes.Status409Conflict)
        {
        }
    }
}
