using System.Globalization;
using System.Text;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Ingestion;

/// <summary>The figures and ratios of one run, as the Markdown that goes into docs/performance.md.</summary>
public static class Report
{
    public static string Markdown(DateTimeOffset started, int connections, TimeSpan duration, bool split, (double Empty, double Matched) batchRate,
        LoadResult bare, LoadResult naive, SluiceRun run)
    {
        var culture = CultureInfo.InvariantCulture;
        var (sluice, cpu, audit) = (run.Load, run.Cpu, run.Audit);
        var text = new StringBuilder();
        text.AppendLine(culture, $"Run {started:yyyy-MM-dd HH:mm} UTC, `bench/run{(split ? " --topology split" : "")}`, {connections} connections, {duration.TotalSeconds:0} s per target, single-event requests, {Environment.ProcessorCount} cores.");
        text.AppendLine();
        text.AppendLine("| target | requests/s | events/s | p50 ms | p95 ms | p99 ms | errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in new[] { bare, naive, sluice })
        {
            text.AppendLine(culture, $"| {r.Target} | {r.RequestsPerSecond:N0} | {r.AcceptedPerSecond:N0} | {r.Percentile(0.50):F1} | {r.Percentile(0.95):F1} | {r.Percentile(0.99):F1} | {r.Errors} |");
        }

        text.AppendLine();
        text.AppendLine("| figure | value | target |");
        text.AppendLine("| --- | ---: | --- |");
        text.AppendLine(culture, $"| Sluice events/s vs naive | {sluice.AcceptedPerSecond / naive.AcceptedPerSecond:F1}x | at least 5x |");
        text.AppendLine(culture, $"| Sluice events/s vs bare ceiling | {sluice.AcceptedPerSecond / bare.AcceptedPerSecond:P0} | (the ceiling) |");
        text.AppendLine(culture, $"| Sluice accepted events/s | {sluice.AcceptedPerSecond:N0} | at least 10,000 |");
        text.AppendLine(culture, $"| Sluice p99 | {sluice.Percentile(0.99):F1} ms | at most 50 ms |");
        text.AppendLine(culture, $"| Sluice errors | {sluice.Errors} | 0 |");
        text.AppendLine(culture, $"| Azurite batch inserts, 10 s on an empty table | {batchRate.Empty:N0} entities/s | (reference) |");
        text.AppendLine(culture, $"| Azurite batch inserts, as many rows as Sluice wrote ({2 * audit.Logged:N0}) | {batchRate.Matched:N0} entities/s | (reference at the same volume) |");
        text.AppendLine(culture, $"| processing, {(split ? "processor alone, its start" : "load start")} to backlog 0 | {run.ProcessedPerSecond:N0} events/s = {2 * run.ProcessedPerSecond:N0} entities/s | at least 0.5x batch inserts: {2 * run.ProcessedPerSecond / batchRate.Empty:F2}x (empty table), {2 * run.ProcessedPerSecond / batchRate.Matched:F2}x (same volume), in entity writes |");
        text.AppendLine(culture, $"| backlog drained after load ended | {run.DrainSeconds:F1} s | back to 0 |");
        text.AppendLine(culture, $"| log audit | {audit.Logged:N0} logged of {audit.Accepted:N0} accepted; missing {audit.Missing}, duplicated {audit.Duplicated}, unexpected {audit.Unexpected} | exactly once |");
        text.AppendLine(culture, $"| CPU during the Sluice load (% of one core) | Server {cpu.Server:F0}%, Azurite {cpu.Azurite:F0}%, load generator {cpu.LoadGenerator:F0}% | ({Environment.ProcessorCount * 100}% in all) |");
        text.AppendLine(culture, $"| Server peak RSS | {run.PeakRssMiB:F0} MiB | under 256 MiB |");
        return text.ToString();
    }
}
