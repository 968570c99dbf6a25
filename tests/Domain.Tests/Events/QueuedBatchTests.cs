using Microsoft.Extensions.DependencyInjection;
using Sluice.Ingestion;

using Sluice.Server.Queues;

namespace Sluice.Domain.Tests.Events;

/// <summary>What a broker's duplicate detection sees: a lone event's own identity, otherwise the batch id.</summary>
public class QueuedBatchTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_of_one_event_carries_that_event_s_identity_and_a_message_of_several_its_batch_id()
    {
        var sent = new System.Collections.Concurrent.ConcurrentQueue<QueuedBatch>();
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix(), null,
            services => services.AddSingleton<IEventQueue>(sp => new RecordingQueue(sp.GetRequiredService<StorageEventQueue>(), sent)));
        var batcher = domain.Get<EventBatcher>();
        await batcher.StartAsync(Ct);

        Assert.True(batcher.TryEnqueue(["{}"u8.ToArray()], QueuedBatch.EventKey("t1", "order-1"), out var lone));
        await lone;
        Assert.True(batcher.TryEnqueue(["{}"u8.ToArray(), "{}"u8.ToArray()], null, out var pair));
        await pair;
        await batcher.StopAsync(Ct);

        var batches = sent.ToArray();
        Assert.Equal("t1/order-1", batches[0].DeduplicationId);
        Assert.Equal(batches[1].Id, batches[1].DeduplicationId);
        Assert.NotEqual(batches[0].Id, batches[1].Id);
        Assert.Equal(2, batches.Length); // and no empty message from a sender that woke for an arrival another took
        var messages = (await domain.Get<StorageEventQueue>().Events.PeekMessagesAsync(32, Ct)).Value;
        Assert.Equal(2, messages.Length);
    }

    /// <summary>Forwards to the real queue, noting what it was given.</summary>
    private sealed class RecordingQueue(IEventQueue inner, System.Collections.Concurrent.ConcurrentQueue<QueuedBatch> sent) : IEventQueue
    {
        public Task SendAsync(QueuedBatch batch, CancellationToken cancellationToken)
        {
            sent.Enqueue(batch);
            return inner.SendAsync(batch, cancellationToken);
        }

        public Task<long?> ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
    }
}
