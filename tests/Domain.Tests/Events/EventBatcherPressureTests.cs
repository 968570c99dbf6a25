using Microsoft.Extensions.DependencyInjection;
using Sluice.Ingestion;

using Sluice.Server.Queues;

namespace Sluice.Domain.Tests.Events;

/// <summary>
/// A co-located processor yields only to requests that crowd in (<see cref="EventBatcher.Pressed"/>): a few waiting
/// for their send at once leave it at full speed, <see cref="EventBatcher.PressedAt"/> make it yield, and it goes back
/// to full speed within a second of the crowd's passing.
/// </summary>
public class EventBatcherPressureTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_waiting_at_once_press_the_instance_until_a_second_after_they_are_sent()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix(), null,
            services => services.AddSingleton<IEventQueue>(sp => new GatedQueue(sp.GetRequiredService<StorageEventQueue>(), gate.Task)));
        var batcher = domain.Get<EventBatcher>();
        await batcher.StartAsync(Ct);

        var queued = new List<Task>();
        for (var i = 1; i < EventBatcher.PressedAt; i++)
        {
            Assert.True(batcher.TryEnqueue(["{}"u8.ToArray()], null, out var sent));
            queued.Add(sent);
        }

        Assert.False(batcher.Pressed);
        Assert.True(batcher.TryEnqueue(["{}"u8.ToArray()], null, out var last));
        queued.Add(last);
        Assert.True(batcher.Pressed);

        gate.SetResult();
        await Task.WhenAll(queued);
        await Task.Delay(TimeSpan.FromSeconds(1.1), Ct);
        Assert.False(batcher.Pressed);

        // The count went back down with the sends: a lone request later does not press it.
        Assert.True(batcher.TryEnqueue(["{}"u8.ToArray()], null, out var lone));
        await lone;
        Assert.False(batcher.Pressed);
        await batcher.StopAsync(Ct);
    }

    /// <summary>Holds every send until the gate opens, then forwards it to the real queue.</summary>
    private sealed class GatedQueue(IEventQueue inner, Task gate) : IEventQueue
    {
        public async Task SendAsync(QueuedBatch batch, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            await inner.SendAsync(batch, cancellationToken);
        }

        public Task<long?> ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
    }
}
