using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sluice.Server;

/// <summary>
/// Kestrel's limits for a server that anyone can connect to. Its defaults hold a connection that sends its headers
/// slowly for 30 s and accept connections without bound, so a handful of clients trickling bytes can tie up an
/// instance. Each value can still be set under <c>Kestrel:Limits</c> (Kestrel's own names).
/// </summary>
public static class ConnectionLimits
{
    public const int MaxConnections = 4096;
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A body or a response slower than 1 KB/s after 5 s is a stalled or hostile peer; it is cut.</summary>
    public static readonly MinDataRate MinDataRate = new(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));

    public static void Apply(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var limits = kestrel.Limits;
        limits.MaxConcurrentConnections = MaxConnections;
        limits.MaxConcurrentUpgradedConnections = MaxConnections;
        limits.RequestHeadersTimeout = HeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MinRequestBodyDataRate = MinDataRate;
        limits.MinResponseDataRate = MinDataRate;
        configuration.GetSection("Kestrel:Limits").Bind(limits);
    }
}
