using System.Globalization;

namespace Sluice.Bench.Harness;

/// <summary>A process's CPU use between two readings, in percent of one core, from /proc/{pid}/stat (user + system time).</summary>
public sealed class CpuMeter(Func<int> processId)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private (long Ticks, DateTime At)? _last;

    public double Read()
    {
        var fields = File.ReadAllText($"/proc/{processId()}/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        var after = fields[(fields.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture);
        var now = DateTime.UtcNow;
        var percent = _last is { } last && now > last.At ? 100 * (ticks - last.Ticks) / TicksPerSecond / (now - last.At).TotalSeconds : 0;
        _last = (ticks, now);
        return percent;
    }
}
