using Sluice.Events;
using Sluice.Ingestion;

using Sluice.Server.Queues;

namespace Sluice.Domain.Tests.Events;

/// <summary>The dead-letter store both hosts record into: kept as sent (large ones by claim check), listed oldest first, replayed once.</summary>
public class DeadLetterStoreTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_large_dead_letter_is_kept_whole_listed_in_order_and_replayed_exactly_as_sent()
    {
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix());
        var store = domain.Get<DeadLetterStore>();
        var small = BinaryData.FromString("{\"id\":\"small\"}");
        var large = BinaryData.FromBytes(Enumerable.Range(0, 200 * 1024).Select(i => (byte)('a' + i % 26)).ToArray());

        var queuedAt = DateTimeOffset.UtcNow;
        var first = await store.AddAsync("m-small", queuedAt, small, "Failed 5 times; last: boom", 5, Ct);
        var second = await store.AddAsync("m-large", queuedAt.AddTicks(1), large, new string('x', 5_000), 1, Ct);

        var listed = await store.ListAsync(10, Ct);
        Assert.Equal([first.Id, second.Id], listed.Select(d => d.Id));
        Assert.Equal(("m-small", "Failed 5 times; last: boom", 5), (listed[0].MessageId, listed[0].Reason, listed[0].Attempts));
        Assert.Equal(2_000, listed[1].Reason.Length);
        Assert.Single(await store.ListAsync(1, Ct));

        Assert.True(await store.ReplayAsync(second.Id, Ct));
        Assert.False(await store.ReplayAsync(second.Id, Ct));
        Assert.Equal([first.Id], (await store.ListAsync(10, Ct)).Select(d => d.Id));

        var queue = domain.Get<StorageEventQueue>();
        var sent = (await queue.Events.ReceiveMessageAsync(cancellationToken: Ct)).Value;
        Assert.Equal(large.ToArray(), (await domain.Get<ClaimChecks>().ResolveAsync(sent.Body, Ct)).ToArray());
        var blobs = new List<string>();
        await foreach (var blob in domain.Get<ClaimChecks>().Container.GetBlobsAsync(cancellationToken: Ct))
        {
            blobs.Add(blob.Name);
        }

        Assert.DoesNotContain(second.Id, blobs); // the dead letter's own copy is released after the replay
        Assert.Single(blobs); // the replayed message's claim, until it is processed
    }

    [Fact]
    public async Task The_same_message_recorded_twice_is_one_dead_letter()
    {
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix());
        var store = domain.Get<DeadLetterStore>();
        var queuedAt = DateTimeOffset.UtcNow.AddMinutes(-3);

        var first = await store.AddAsync("m-twice", queuedAt, BinaryData.FromString("{}"), "Failed 5 times", 5, Ct);
        var again = await store.AddAsync("m-twice", queuedAt, BinaryData.FromString("{}"), "Failed 5 times", 6, Ct);
        var other = await store.AddAsync("m-other", queuedAt, BinaryData.FromString("{}"), "Failed 5 times", 5, Ct);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(2, (await store.ListAsync(10, Ct)).Count);
    }

    [Theory]
    [InlineData("no-such-letter")]
    [InlineData("")]
    [InlineData("0000000000000000000-d'or''1'eq'1")]
    public async Task Replaying_an_unknown_dead_letter_finds_nothing(string id)
    {
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix());
        Assert.False(await domain.Get<DeadLetterStore>().ReplayAsync(id, Ct));
    }
}
