using System.Globalization;

namespace Sluice.Bench.Soak;

/// <summary>
/// Whether one series stayed flat after warm-up: the mean of its last third against the mean of its first third,
/// and its least-squares slope per minute. Flat: the last third is within <c>tolerance</c> (a fraction, plus an
/// absolute floor for small series) of the first.
/// </summary>
public sealed record Growth(string Series, double FirstThird, double LastThird, double SlopePerMinute, double Max, bool Flat)
{
    public static Growth Of(string series, IReadOnlyList<(double Minutes, double Value)> points, double tolerance, double floor)
    {
        var third = Math.Max(1, points.Count / 3);
        var first = points.Take(third).Average(p => p.Value);
        var last = points.TakeLast(third).Average(p => p.Value);
        var meanX = points.Average(p => p.Minutes);
        var meanY = points.Average(p => p.Value);
        var slope = points.Sum(p => (p.Minutes - meanX) * (p.Value - meanY)) / Math.Max(1e-9, points.Sum(p => Math.Pow(p.Minutes - meanX, 2)));
        return new Growth(series, first, last, slope, points.Max(p => p.Value), last <= first * (1 + tolerance) + floor);
    }

    public string Row(string unit)
    {
        var change = FirstThird == 0 ? "—" : ((LastThird - FirstThird) / FirstThird).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Series} | {FirstThird:F1} {unit} | {LastThird:F1} {unit} | {change} | {SlopePerMinute:+0.00;-0.00;0.00} {unit}/min | {Max:F1} {unit} | {(Flat ? "flat" : "**GROWING**")} |");
    }
}
