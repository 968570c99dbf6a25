using System.Collections.Concurrent;
using System.Globalization;

namespace Sluice.Bench.Harness;

/// <summary>Latencies and statuses of one kind of request.</summary>
public sealed class LatencySample
{
    private readonly ConcurrentBag<double> _milliseconds = [];
    private readonly ConcurrentDictionary<int, int> _statuses = new();

    public void Add(TimeSpan elapsed, int status)
    {
        _milliseconds.Add(elapsed.TotalMilliseconds);
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
    }

    public int Count => _milliseconds.Count;

    public double Percentile(double p)
    {
        var sorted = _milliseconds.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    /// <summary>How many were answered <paramref name="status"/>.</summary>
    public int Answered(int status) => _statuses.GetValueOrDefault(status);

    /// <summary>5xx other than 503, or no answer at all.</summary>
    public int Failures => _statuses.Where(s => s.Key is (>= 500 and not 503) or 0).Sum(s => s.Value);

    /// <summary>"200×41, 503×3": what the requests were answered (0: no answer).</summary>
    public string Statuses => string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}×{s.Value}")));

    public string Summary => string.Create(CultureInfo.InvariantCulture, $"{Percentile(0.5):F0} / {Percentile(0.99):F0} ms");
}
