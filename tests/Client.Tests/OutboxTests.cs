using System.Text;

namespace Sluice.Client.Tests;

/// <summary>The outbox on disk: what was added survives a crash mid-write, and one process at a time owns it.</summary>
public sealed class OutboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sluice-outbox-").FullName;

    [Fact]
    public void Added_events_survive_reopening_in_order_and_confirmed_ones_do_not()
    {
        var events = ClientRetryTests.Events("o", 5);
        using (var outbox = DurableOutbox.Open(_directory))
        {
            outbox.Add(events);
            outbox.Confirm([events[1].Id, events[3].Id]);
        }

        using var reopened = DurableOutbox.Open(_directory);
        Assert.Equal([events[0].Id, events[2].Id, events[4].Id], reopened.PendingEvents().Select(e => e.Id));
        Assert.Equal(events[2], reopened.PendingEvents()[1] with { Payload = events[2].Payload });
    }

    [Fact]
    public void A_write_torn_by_a_crash_is_dropped_and_appending_goes_on_after_it()
    {
        var events = ClientRetryTests.Events("t", 3);
        using (var outbox = DurableOutbox.Open(_directory))
        {
            outbox.Add(events);
        }

        // A crash mid-append: half a record, no newline.
        var log = Path.Combine(_directory, "outbox.log");
        var torn = File.ReadAllText(log, Encoding.UTF8).Split('\n')[0];
        File.AppendAllText(log, torn[..(torn.Length / 2)], Encoding.UTF8);

        using (var outbox = DurableOutbox.Open(_directory))
        {
            Assert.Equal(3, outbox.Pending);
            outbox.Add(ClientRetryTests.Events("after", 1));
        }

        using var reopened = DurableOutbox.Open(_directory);
        Assert.Equal(4, reopened.Pending);
        Assert.Equal("after-0000", reopened.PendingEvents()[^1].Id);
    }

    [Fact]
    public void A_damaged_record_is_skipped_not_fatal()
    {
        var events = ClientRetryTests.Events("d", 3);
        using (var outbox = DurableOutbox.Open(_directory))
        {
            outbox.Add(events);
        }

        var log = Path.Combine(_directory, "outbox.log");
        var lines = File.ReadAllLines(log);
        lines[0] = lines[0].Replace("d-0000", "d-000X", StringComparison.Ordinal); // its hash no longer matches
        File.WriteAllLines(log, lines);

        using var reopened = DurableOutbox.Open(_directory);
        Assert.Equal(["d-0001", "d-0002"], reopened.PendingEvents().Select(e => e.Id));
    }

    [Fact]
    public void Only_one_process_at_a_time_owns_an_outbox()
    {
        using var first = DurableOutbox.Open(_directory);
        Assert.Throws<SluiceOutboxBusyException>(() => DurableOutbox.Open(_directory));
    }

    [Fact]
    public void When_everything_is_confirmed_the_log_starts_over()
    {
        var events = ClientRetryTests.Events("c", 50);
        using var outbox = DurableOutbox.Open(_directory);
        outbox.Add(events);
        outbox.Confirm(events.Select(e => e.Id).ToList());

        Assert.Equal(0, outbox.Pending);
        Assert.Equal(0, new FileInfo(Path.Combine(_directory, "outbox.log")).Length);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
