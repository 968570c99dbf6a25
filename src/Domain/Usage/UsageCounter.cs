using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;

namespace Sluice.Usage;

/// <summary>
/// Events processed per tenant and month, counted exactly once per batch however often it is delivered: each
/// increment is one transaction with a marker row per batch it counts, so a repeat finds its marker and leaves it out.
/// Counters are sharded (a batch picks one by its id) so that concurrent batches of one tenant rarely collide.
/// Partition <c>{tenantId}_{yyyyMM}</c>; rows <c>count_{shard}</c> and <c>m_{batchId}</c>.
/// </summary>
public sealed class UsageCounter(SluiceTables tables)
{
    private const int Shards = 8;
    private const int MaxAttempts = 20;

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds several batches' events to a tenant's month in one transaction (their markers and one counter). Batches
    /// already counted (an earlier delivery) are left out; the rest are counted once.
    /// </summary>
    public async Task AddAsync(string tenantId, string month, IReadOnlyList<BatchEvents> batches, CancellationToken cancellationToken)
    {
        foreach (var chunk in batches.DistinctBy(b => b.BatchId).Chunk(TableTransactions.MaxActions - 1))
        {
            await AddChunkAsync($"{tenantId}_{month}", chunk, cancellationToken);
        }
    }

    private async Task AddChunkAsync(string partition, IReadOnlyList<BatchEvents> batches, CancellationToken cancellationToken)
    {
        var pending = batches.ToList();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var counterRow = $"count_{SHA256.HashData(Encoding.UTF8.GetBytes(pending[0].BatchId))[0] % Shards}";
            var counter = await tables.Usage.GetEntityIfExistsAsync<TableEntity>(partition, counterRow, cancellationToken: cancellationToken);
            var count = counter.HasValue ? counter.Value!.GetInt64("Count") ?? 0 : 0;
            var updated = new TableEntity(partition, counterRow) { ["Count"] = count + pending.Sum(b => b.Events) };
            try
            {
                await TableTransactions.SubmitAsync(tables.Usage,
                [
                    counter.HasValue
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, counter.Value!.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, updated),
                    .. pending.Select(b => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"m_{b.BatchId}") { ["Events"] = b.Events })),
                ], cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                if (e.Status == 409)
                {
                    // A marker exists (that batch was counted by an earlier delivery), or another instance created the counter.
                    var counted = await Task.WhenAll(pending.Select(async b =>
                        (await tables.Usage.GetEntityIfExistsAsync<TableEntity>(partition, $"m_{b.BatchId}", ["PartitionKey"], cancellationToken)).HasValue));
                    pending = pending.Where((_, i) => !counted[i]).ToList();
                    if (pending.Count == 0)
                    {
                        return;
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), cancellationToken);
            }
        }

        throw new InvalidOperationException($"Usage in {partition} kept changing; batches {string.Join(", ", pending.Select(b => b.BatchId))} will be retried.");
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

/// <summary>How many of a tenant's events in one month a batch owns.</summary>
public sealed record BatchEvents(string BatchId, int Events);
