using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Chaos;

/// <summary>
/// (e) A flood of MCP sessions opened and abandoned: many initializes at once, never used again nor ended. They
/// must all be answered, the reaper must delete every row once they expire, and the Server's memory must not keep
/// them (sessions are rows, not objects).
/// </summary>
public static class SessionFlood
{
    public static async Task<FaultReport> RunAsync(FaultWindow window, int sessions, TimeSpan idleTimeout)
    {
        var stack = window.Stack;
        var server = stack.Server!;
        var (_, key) = await stack.CreateTenantAsync("chaos-mcp", scopes: ["read"]);
        using var client = stack.ClientWithKey(key);
        var rssBefore = server.RssMiB();
        var statuses = new ConcurrentDictionary<int, int>();
        var floodStarted = window.Clock.Elapsed;
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = 50 }, async (_, _) =>
        {
            int status;
            try
            {
                using var response = await client.SendAsync(McpRequests.Post(McpRequests.Initialize, protocolVersion: null));
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }

            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        });
        var lastOpened = window.Clock.Elapsed;
        var rssAfterFlood = server.RssMiB();
        var rows = await CountRowsAsync(stack);
        var rowsAtEnd = rows;
        while (rowsAtEnd > 0 && window.Clock.Elapsed - lastOpened < idleTimeout * 6)
        {
            await Task.Delay(500);
            rowsAtEnd = await CountRowsAsync(stack);
        }

        var reaped = window.Clock.Elapsed;
        var opened = statuses.GetValueOrDefault(200);
        var failed = statuses.Where(s => s.Key is (>= 500 and not 503) or 0).Sum(s => s.Value);
        return new FaultReport(
            string.Create(CultureInfo.InvariantCulture, $"all rows reaped {(reaped - lastOpened).TotalSeconds:F1} s after the last opened (idle timeout {idleTimeout.TotalSeconds:0} s)"),
            string.Create(CultureInfo.InvariantCulture, $"{sessions:N0} initializes 50 at once in {(lastOpened - floodStarted).TotalSeconds:F1} s: answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; rows {rows:N0} after the flood, {rowsAtEnd} at the end; Server RSS {rssBefore:F0} → {rssAfterFlood:F0} MiB → {server.RssMiB():F0} MiB once reaped"),
            [])
        {
            ServerErrors = failed,
            Leaked = rowsAtEnd,
        };
    }

    private static async Task<int> CountRowsAsync(SluiceStack stack)
    {
        var table = new TableClient(stack.DirectStorage, SluiceStack.TablePrefix + "sessions");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
