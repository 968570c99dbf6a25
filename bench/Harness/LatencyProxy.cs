using System.Net;
using System.Net.Sockets;

namespace Sluice.Bench.Harness;

/// <summary>
/// A TCP proxy on a loopback port in front of one storage service. It can hold every chunk the client sends for
/// <see cref="Delay"/> before passing it on: with HTTP keep-alive a chunk is a request, so each storage call of the
/// Server takes that much longer, as with a slow dependency. A refused upstream closes the client's connection.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly int _upstreamPort;

    public LatencyProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public TimeSpan Delay { get; set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.NoDelay = upstream.NoDelay = true;
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                client.LingerState = new LingerOption(true, 0); // a reset, as a stopped service gives
                return;
            }

            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var toUpstream = PumpAsync(client, upstream, delayed: true, done);
            var toClient = PumpAsync(upstream, client, delayed: false, done);
            await Task.WhenAny(toUpstream, toClient);
            await done.CancelAsync();
            await Task.WhenAll(toUpstream, toClient);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool delayed, CancellationTokenSource done)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, done.Token);
                if (read == 0)
                {
                    return;
                }

                if (delayed && Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, done.Token);
                }

                await to.SendAsync(buffer.AsMemory(0, read), done.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
