using System.Diagnostics;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Chaos;

/// <summary>
/// What a fault gets to work with: the stack, the steady load running on its own tenant while it lasts, and the
/// suite's clock and readiness record.
/// </summary>
public sealed class FaultWindow(SluiceStack stack, SteadyLoad load, Stopwatch clock, ReadinessWatch readiness, string phase)
{
    public SluiceStack Stack => stack;

    public SteadyLoad Load => load;

    public Stopwatch Clock => clock;

    public ReadinessWatch Readiness => readiness;

    public string Phase => phase;

    /// <summary>Waits until the load gets its next 202 after now; returns when (on <see cref="Clock"/>).</summary>
    public async Task<TimeSpan> NextAcceptedAsync(TimeSpan limit)
    {
        var counts = load.Counts(phase);
        var before = counts.Accepted;
        var until = clock.Elapsed + limit;
        while (counts.Accepted == before)
        {
            if (clock.Elapsed > until)
            {
                throw new TimeoutException($"No event was accepted within {limit.TotalSeconds:0} s.");
            }

            await Task.Delay(50);
        }

        return clock.Elapsed;
    }

    /// <summary>Waits until readiness says 200 at or after <paramref name="from"/>; returns when.</summary>
    public async Task<TimeSpan> ReadyAgainAsync(TimeSpan from, TimeSpan limit)
    {
        var until = clock.Elapsed + limit;
        while (true)
        {
            if (readiness.First(state => state == "200", from) is { } at)
            {
                return at;
            }

            if (clock.Elapsed > until)
            {
                throw new TimeoutException($"/health/ready did not answer 200 within {limit.TotalSeconds:0} s.");
            }

            await Task.Delay(100);
        }
    }
}
