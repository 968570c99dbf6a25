using Sluice.Events;

namespace Sluice.Domain.Tests.Events;

/// <summary>A co-located worker yields to ingestion only while its backlog is short, so a steady load cannot grow it without bound.</summary>
public class ProcessingPaceTests
{
    [Theory]
    [InlineData(false, 0, 4)]
    [InlineData(false, 5_000, 4)]
    [InlineData(true, -1, 1)]
    [InlineData(true, 0, 1)]
    [InlineData(true, 99, 1)]
    [InlineData(true, 100, 2)]
    [InlineData(true, 250, 3)]
    [InlineData(true, 2_436, 4)]
    public void In_flight_grows_with_the_backlog_while_accepting(bool accepting, long backlog, int expected) =>
        Assert.Equal(expected, ProcessingPace.InFlight(accepting, backlog, concurrency: 4));
}
