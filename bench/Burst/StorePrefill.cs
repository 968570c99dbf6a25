using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Sluice.Events;
using Sluice.Ingestion;
using Sluice.Server.Local;
using Sluice.Storage;

namespace Sluice.Bench.Burst;

/// <summary>
/// Fills a store with events of another tenant, straight into the tables as processing writes them (a log row
/// and a guard per event, 100 to a transaction, 8 in flight), so a run can measure processing on a full store
/// without spending an hour filling it through the API.
/// </summary>
public static class StorePrefill
{
    private const string Tenant = "tprefill000000";
    private const int Slice = 20_000;

    /// <returns>How long the fill took.</returns>
    public static async Task<TimeSpan> FillAsync(string dataDirectory, int events)
    {
        var ports = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dataDirectory, "azurite.json"))).RootElement;
        var service = new TableServiceClient(AzuriteProcess.ConnectionStringFor(ports.GetProperty("Blob").GetInt32(), ports.GetProperty("Queue").GetInt32(), ports.GetProperty("Table").GetInt32()));
        var tables = new SluiceTables(service, Options.Create(new StorageOptions()));
        var receivedAt = DateTimeOffset.UtcNow.AddDays(-1);
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < events; start += Slice)
        {
            var rows = Enumerable.Range(start, Math.Min(Slice, events - start))
                .Select(i => new EventEnvelope(Tenant, $"prefill-{i:D7}", "prefill.tick", "{\"n\":1}", null, receivedAt.AddMilliseconds(i)))
                .SelectMany(e => new[] { (Table: tables.EventLogOf(e.Id), Row: EventRows.Log(e, "prefill")), (Table: tables.EventIds, Row: EventRows.Guard(e, "prefill")) })
                .GroupBy(r => (r.Table.Name, r.Row.PartitionKey))
                .SelectMany(p => p.Chunk(100));
            var slice = Stopwatch.StartNew();
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, ct) =>
                await chunk[0].Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Row)), ct));
            // The curve: Azurite's insert rate as its one table file grows.
            Console.WriteLine($"   {start + Math.Min(Slice, events - start):N0} events stored ({2L * (start + Math.Min(Slice, events - start)):N0} rows): " +
                              $"{2 * Math.Min(Slice, events - start) / slice.Elapsed.TotalSeconds:N0} rows/s for the last {Math.Min(Slice, events - start):N0} events");
        }

        return watch.Elapsed;
    }
}
