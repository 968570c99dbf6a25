using System.ComponentModel.DataAnnotations;

namespace Sluice.Sessions;

/// <summary>How long MCP sessions live. Section <c>Sluice:Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sluice:Sessions";

    /// <summary>A session unused this long has expired.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>No session outlives this, however busy.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A request writes the session's expiry only when its last write is at least this old (a tenth of the idle
    /// timeout, at most a minute), so a busy session costs one read per request and a write now and then. The price:
    /// a session may expire up to this much before it has been idle for the full timeout, never after.
    /// </summary>
    public TimeSpan TouchInterval => TimeSpan.FromTicks(Math.Min(IdleTimeout.Ticks / 10, TimeSpan.TicksPerMinute));

    /// <summary>How often the reaper runs; an expired session is gone within idle timeout plus this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromMinutes(1);
}
