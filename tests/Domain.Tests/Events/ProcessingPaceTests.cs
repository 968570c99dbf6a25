using Sluice.Events;

namespace Sluice.Domain.Tests.Events;

/// <summary>
/// A co-located worker yields to ingestion only while its backlog is young and short: its share of the time grows
/// with the lag, and its messages in flight with the backlog, so a steady load cannot grow either without bound.
/// </summary>
public class ProcessingPaceTests
{
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Took = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(false, 0, 4)]
    [InlineData(false, 5_000, 4)]
    [InlineData(true, -1, 1)]
    [InlineData(true, 0, 1)]
    [InlineData(true, 99, 1)]
    [InlineData(true, 100, 2)]
    [InlineData(true, 250, 3)]
    [InlineData(true, 2_436, 4)]
    public void In_flight_grows_with_the_backlog_while_requests_crowd_in(bool pressed, long backlog, int expected) =>
        Assert.Equal(expected, ProcessingPace.InFlight(pressed, backlog, concurrency: 4));

    [Theory]
    [InlineData(0, 4_900)] // the minimum share, 2%: 100 ms of work, 4.9 s of rest
    [InlineData(0.6, 4_900)]
    [InlineData(6, 900)] // a tenth of the bound: a tenth of the time
    [InlineData(30, 100)] // half
    [InlineData(54, 11.1)]
    public void The_share_of_time_grows_with_the_lag(double lagSeconds, double restMs) =>
        Assert.Equal(restMs, ProcessingPace.RestAfter(Took, pressed: true, TimeSpan.FromSeconds(lagSeconds), MaxLag).TotalMilliseconds, 0.1);

    [Fact]
    public void It_does_not_rest_once_the_lag_reaches_the_bound() =>
        Assert.Equal(TimeSpan.Zero, ProcessingPace.RestAfter(Took, pressed: true, MaxLag, MaxLag));

    [Fact]
    public void It_does_not_rest_while_requests_do_not_crowd_in() =>
        Assert.Equal(TimeSpan.Zero, ProcessingPace.RestAfter(Took, pressed: false, TimeSpan.Zero, MaxLag));

    [Fact]
    public void A_bound_of_zero_turns_yielding_off() =>
        Assert.Equal(TimeSpan.Zero, ProcessingPace.RestAfter(Took, pressed: true, TimeSpan.Zero, TimeSpan.Zero));
}
