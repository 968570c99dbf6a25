using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Sluice.Usage;

/// <summary>
/// Events processed per tenant and month, counted exactly once per batch however often it is delivered: each
/// increment is one transaction with a marker row named after the batch, so a repeat finds its marker and stops.
/// Counters are sharded (a batch picks one by its id) so that concurrent batches of one tenant rarely collide.
/// Partition <c>{tenantId}_{yyyyMM}</c>; rows <c>count_{shard}</c> and <c>m_{batchId}</c>.
/// </summary>
public sealed class UsageCounter(SluiceTables tables)
{
    private const int Shards = 8;
    private const int MaxAttempts = 20;

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    public async Task AddAsync(string tenantId, string month, string batchId, int events, CancellationToken cancellationToken)
    {
        var partition = $"{tenantId}_{month}";
        var counterRow = $"count_{SHA256.HashData(Encoding.UTF8.GetBytes(batchId))[0] % Shards}";
        var marker = new TableEntity(partition, $"m_{batchId}") { ["Events"] = events };
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var counter = await tables.Usage.GetEntityIfExistsAsync<TableEntity>(partition, counterRow, cancellationToken: cancellationToken);
            var count = counter.HasValue ? counter.Value!.GetInt64("Count") ?? 0 : 0;
            var updated = new TableEntity(partition, counterRow) { ["Count"] = count + events };
            try
            {
                await TableTransactions.SubmitAsync(tables.Usage,
                [
                    counter.HasValue
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, counter.Value!.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, updated),
                    new TableTransactionAction(TableTransactionActionType.Add, marker),
                ], cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                if ((await tables.Usage.GetEntityIfExistsAsync<TableEntity>(partition, marker.RowKey, ["PartitionKey"], cancellationToken)).HasValue)
                {
                    return; // counted by an earlier delivery
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), cancellationToken);
            }
        }

        throw new InvalidOperationException($"Usage of {tenantId} kept changing; batch {batchId} will be retried.");
    }

    /// <summary>Events processed for a tenant in a month.</summary>
    public async Task<long> ProcessedAsync(string tenantId, string month, CancellationToken cancellationToken)
    {
        long total = 0;
        var partition = $"{tenantId}_{month}";
        await foreach (var counter in tables.Usage.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"count_"} and RowKey lt {"count`"}"),
                           select: ["Count"], cancellationToken: cancellationToken))
        {
            total += counter.GetInt64("Count") ?? 0;
        }

        return total;
    }
}
