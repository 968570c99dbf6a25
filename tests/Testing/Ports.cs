using System.Net;
using System.Net.Sockets;

namespace Sluice.Testing;

public static class Ports
{
    /// <summary>A loopback port free right now, for a child process that must be told its port up front.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
