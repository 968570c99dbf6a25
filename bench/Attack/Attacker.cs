using System.Net;
using System.Net.Sockets;

namespace Sluice.Bench.Attack;

/// <summary>
/// An unauthenticated client with a loopback source address of its own (127.0.0.N): the Server's limits are per
/// client address, so each attack starts with a fresh budget, as a new attacker would.
/// </summary>
public static class Attacker
{
    private static int _next = 10;

    public static HttpClient From(Uri server, string? bearer = null)
    {
        var source = new IPAddress([127, 0, 0, (byte)Interlocked.Increment(ref _next)]);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 100,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        }

        return client;
    }
}
