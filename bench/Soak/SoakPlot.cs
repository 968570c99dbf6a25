using ScottPlot;

namespace Sluice.Bench.Soak;

/// <summary>The soak's samples as one PNG: RSS and GC heap (MiB, left axis) and threads (right axis) over minutes.</summary>
public static class SoakPlot
{
    public static void Save(IReadOnlyList<ResourceSample> samples, TimeSpan warmup, string path, string title)
    {
        var minutes = samples.Select(s => s.At.TotalMinutes).ToArray();
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("minutes");
        plot.YLabel("MiB");
        plot.Axes.Right.Label.Text = "threads";

        var rss = plot.Add.Scatter(minutes, samples.Select(s => s.RssMiB).ToArray());
        rss.LegendText = "RSS (MiB)";
        var heap = plot.Add.Scatter(minutes, samples.Select(s => s.GcHeapMiB).ToArray());
        heap.LegendText = "GC heap after last collection (MiB)";
        var threads = plot.Add.Scatter(minutes, samples.Select(s => (double)s.Threads).ToArray());
        threads.LegendText = "threads (right axis)";
        threads.Axes.YAxis = plot.Axes.Right;
        var warm = plot.Add.VerticalLine(warmup.TotalMinutes);
        warm.LegendText = "end of warm-up";
        warm.LinePattern = LinePattern.Dashed;

        plot.Axes.SetLimitsY(0, samples.Max(s => s.RssMiB) * 1.6, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, samples.Max(s => s.Threads) * 2.0, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 500);
    }
}
