using System.Diagnostics;
using Azure.Data.Tables;
using Sluice.Testing;

namespace Sluice.Bench.Ingestion;

/// <summary>
/// The storage ceiling: how many entities per second Azurite takes in 100-entity batches (one partition per
/// batch, 8 batches in flight), with entities the size of Sluice's log rows. Sluice's processing is judged against it.
/// Azurite slows as a table grows (it rewrites its whole table file every 5 s), so the rate is taken twice: for a
/// fixed time on an empty table, and for as many entities as the Sluice run wrote; each time on a fresh Azurite.
/// </summary>
public static class AzuriteBatchReference
{
    public static Task<double> EntitiesPerSecondAsync(TimeSpan duration) =>
        MeasureAsync((_, elapsed) => elapsed < duration);

    public static Task<double> EntitiesPerSecondAsync(long entities) =>
        MeasureAsync((written, _) => written < entities);

    private static async Task<double> MeasureAsync(Func<long, TimeSpan, bool> goOn)
    {
        await using var azurite = await StoppableAzurite.StartAsync(CancellationToken.None);
        var table = new TableClient(azurite.ConnectionString, "benchbatchref");
        await table.CreateIfNotExistsAsync();
        long written = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async lane =>
        {
            for (var batch = 0; goOn(Interlocked.Read(ref written), watch.Elapsed); batch++)
            {
                var partition = $"p{lane}_{batch % 16}";
                var actions = Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new TableEntity(partition, $"t_{batch:D8}_{i:D3}")
                    {
                        ["EventId"] = $"w{lane:D3}-{batch:D7}-{i}",
                        ["Type"] = "bench.tick",
                        ["Payload0"] = new byte[80],
                        ["ReceivedAt"] = DateTimeOffset.UtcNow,
                    })).ToArray();
                await table.SubmitTransactionAsync(actions);
                Interlocked.Add(ref written, actions.Length);
            }
        }));
        return written / watch.Elapsed.TotalSeconds;
    }
}
