using System.Globalization;

namespace Sluice.Bench.Harness;

/// <summary>A process's fields in <c>/proc/{pid}/status</c> (Linux): memory in KiB, threads as a count.</summary>
public static class ProcStatus
{
    /// <summary>Peak resident memory so far (VmHWM), in MiB.</summary>
    public static double PeakRssMiB(int pid) => Read(pid, "VmHWM:") / 1024.0;

    /// <summary>Resident memory now (VmRSS), in MiB.</summary>
    public static double RssMiB(int pid) => Read(pid, "VmRSS:") / 1024.0;

    /// <summary>The process's threads now.</summary>
    public static long Threads(int pid) => Read(pid, "Threads:");

    private static long Read(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
