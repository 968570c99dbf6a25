using System.Diagnostics.Metrics;
using Sluice.Health;

namespace Sluice.Sessions;

/// <summary>
/// MCP session instruments on the Sluice meter. Created and ended count on the instance that served the request;
/// reaped and active come from whichever instance ran the reaper's pass, which counts what it leaves behind.
/// </summary>
public sealed class SessionMetrics
{
    private readonly Counter<long> _created;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _reaped;
    private long _active = -1;

    public SessionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SluiceMetrics.MeterName);
        _created = meter.CreateCounter<long>("sluice.mcp.sessions.created", "{session}", "MCP sessions opened by an initialize request.");
        _ended = meter.CreateCounter<long>("sluice.mcp.sessions.ended", "{session}", "MCP sessions ended by their client (DELETE /mcp).");
        _reaped = meter.CreateCounter<long>("sluice.mcp.sessions.reaped", "{session}", "Expired MCP sessions the reaper deleted.");
        meter.CreateObservableGauge("sluice.mcp.sessions.active", () => Interlocked.Read(ref _active), "{session}",
            "Unexpired MCP sessions at this instance's last reaper pass (-1 before its first).");
    }

    public void Created() => _created.Add(1);

    public void Ended() => _ended.Add(1);

    public void Reaped(int reaped, long stillActive)
    {
        _reaped.Add(reaped);
        Interlocked.Exchange(ref _active, stillActive);
    }
}
