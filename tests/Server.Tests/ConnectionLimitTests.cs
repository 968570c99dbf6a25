using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sluice.Server.Tests;

/// <summary>
/// The Server's own Kestrel limits (only the Server: in Azure Functions the platform's front end and the host's
/// Kestrel hold the connection, docs/functions.md).
/// </summary>
public class ConnectionLimitTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task A_client_that_trickles_its_headers_is_cut_off_at_the_header_timeout()
    {
        await using var host = await StartHostAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(host.Address.Host, host.Address.Port, Ct);
        var stream = socket.GetStream();
        await stream.WriteAsync("GET /health/live HTTP/1.1\r\nHost: x\r\n"u8.ToArray(), Ct);
        var held = System.Diagnostics.Stopwatch.StartNew();

        // Kestrel's default would hold this connection for 30 s; the Server's limit is 10 s (plus its 1 s heartbeat).
        var buffer = new byte[4096];
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        giveUp.CancelAfter(TimeSpan.FromSeconds(25));
        var answer = new System.Text.StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(buffer, giveUp.Token)) > 0)
        {
            answer.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.True(held.Elapsed < TimeSpan.FromSeconds(25), "the connection was still open after 25 s");
        Assert.True(held.Elapsed >= ConnectionLimits.HeadersTimeout - TimeSpan.FromSeconds(1), $"closed after only {held.Elapsed}");
        Assert.StartsWith("HTTP/1.1 408", answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_are_capped_and_slow_peers_bounded_unless_configuration_says_otherwise()
    {
        await using (var host = await StartHostAsync())
        {
            var limits = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
            Assert.Equal(ConnectionLimits.MaxConnections, limits.MaxConcurrentConnections);
            Assert.Equal(ConnectionLimits.HeadersTimeout, limits.RequestHeadersTimeout);
            Assert.Equal(ConnectionLimits.KeepAliveTimeout, limits.KeepAliveTimeout);
            Assert.Equal(1024, limits.MinRequestBodyDataRate!.BytesPerSecond);
            Assert.Equal(1024, limits.MinResponseDataRate!.BytesPerSecond);
        }

        await using var capped = await StartHostAsync(new Dictionary<string, string?> { ["Kestrel:Limits:MaxConcurrentConnections"] = "2" });
        using var first = new TcpClient();
        using var second = new TcpClient();
        using var third = new TcpClient();
        foreach (var client in new[] { first, second, third })
        {
            await client.ConnectAsync(capped.Address.Host, capped.Address.Port, Ct);
        }

        // Past the cap Kestrel closes the connection without reading it.
        var stream = third.GetStream();
        await stream.WriteAsync("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), Ct);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        giveUp.CancelAfter(LoadedMachine.Patience);
        int read;
        try
        {
            read = await stream.ReadAsync(new byte[1024], giveUp.Token);
        }
        catch (IOException)
        {
            read = 0;
        }

        Assert.Equal(0, read);
    }
}
