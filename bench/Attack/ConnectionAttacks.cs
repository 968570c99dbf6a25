using System.Diagnostics;
using System.Net.Sockets;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Attack;

/// <summary>Attacks on the connection itself and on what the Server writes down.</summary>
public static class ConnectionAttacks
{
    public static async Task<AttackResult> SlowHeadersAsync(SluiceStack stack)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(stack.Address.Host, stack.Address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync("GET /health/live HTTP/1.1\r\nHost: x\r\n"u8.ToArray());
        var held = Stopwatch.StartNew();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, giveUp.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }

        return new AttackResult("6. slow headers", "open a connection, send half the headers, wait",
            $"closed after {held.Elapsed.TotalSeconds:F1} s", held.Elapsed < TimeSpan.FromSeconds(15));
    }

    public static async Task<AttackResult> QueryStringLogAsync(SluiceStack stack, string key)
    {
        using var client = Attacker.From(stack.Address);
        using (await client.GetAsync($"/api/me?api_key={key}"))
        {
        }

        using (await client.GetAsync($"/api/admin/tenants?token={SluiceStack.AdminToken}"))
        {
        }

        await Task.Delay(500); // the log is written asynchronously
        var log = await File.ReadAllTextAsync(stack.ServerLog);
        var leaked = log.Contains(key[^12..], StringComparison.Ordinal) || log.Contains(SluiceStack.AdminToken, StringComparison.Ordinal);
        return new AttackResult("8. credentials in query strings", "a key and the admin token as query parameters, every log category at Trace",
            $"{log.Split('\n').Length:N0} log lines, {(leaked ? "the secret is in them" : "none holds either secret")}", !leaked);
    }
}
