using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Soak;

/// <summary>
/// The Server's memory and threads at one moment (RSS and threads from /proc, the GC heap from /metrics), and the
/// storage side: the queue's backlog and Azurite's CPU since the last sample.
/// </summary>
public sealed partial record ResourceSample(TimeSpan At, double RssMiB, double GcHeapMiB, long Threads, int Backlog, double AzuriteCpuPercent)
{
    public static async Task<ResourceSample> TakeAsync(SluiceStack stack, HttpClient metrics, CpuMeter azurite, TimeSpan at)
    {
        var text = await metrics.GetStringAsync("/metrics");
        // The heap after the last collection, every generation (System.Runtime's dotnet.gc.last_collection.heap.size).
        var heap = HeapLine().Matches(text).Sum(m => double.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture));
        var server = stack.Server!;
        return new ResourceSample(at, server.RssMiB(), heap / (1024 * 1024), server.Threads(), await stack.BacklogAsync(), azurite.Read());
    }

    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_size_bytes\{[^}]*\} (?<bytes>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex HeapLine();
}
