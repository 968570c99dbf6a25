using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Sluice.Keys;

namespace Sluice.Ingestion;

/// <summary>
/// Group commit for the queue. Each request hands over its events (already serialized) and waits; a few sender
/// loops each take everything waiting, up to one message's size, and send it as one queue message. A request's
/// events always travel in one message, so a batch request is all-or-nothing; its 202 waits for that send.
/// Under load many requests share a send; when idle a lone request is sent at once, with no added delay.
/// </summary>
public sealed class EventBatcher(IEventQueue queue, IOptions<IngestOptions> options) : IHostedService
{
    private readonly IngestOptions _options = options.Value;
    private readonly Channel<Pending> _waiting = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(options.Value.MaxWaitingRequests) { FullMode = BoundedChannelFullMode.Wait });
    private Task[] _senders = [];
    private int _waitingRequests;
    private long _lastPressedTicks = long.MinValue / 2;

    /// <summary>Requests waiting for their send at once from which this instance is <see cref="Pressed"/>.</summary>
    public const int PressedAt = 8;

    /// <summary>
    /// True while requests crowd in: at least <see cref="PressedAt"/> waited for their send at once within the last
    /// second. A co-located processor then yields to them; a trickle of requests, which would gain nothing from it,
    /// does not hold processing back.
    /// </summary>
    public bool Pressed => Environment.TickCount64 - Interlocked.Read(ref _lastPressedTicks) < 1_000;

    /// <summary>
    /// Completes once the events are durably queued. False when the instance is saturated (the caller sheds the
    /// request); throws when the send fails.
    /// </summary>
    /// <param name="soleEventKey">For a request of one event, its <see cref="QueuedBatch.EventKey"/>.</param>
    public bool TryEnqueue(IReadOnlyList<byte[]> events, string? soleEventKey, out Task queued)
    {
        var pending = new Pending(events, events.Sum(e => e.Length), soleEventKey);
        queued = pending.Done.Task;
        if (Interlocked.Increment(ref _waitingRequests) >= PressedAt)
        {
            Interlocked.Exchange(ref _lastPressedTicks, Environment.TickCount64);
        }

        if (_waiting.Writer.TryWrite(pending))
        {
            return true;
        }

        Interlocked.Decrement(ref _waitingRequests);
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _senders = Enumerable.Range(0, _options.Senders).Select(_ => Task.Run(SendLoopAsync, CancellationToken.None)).ToArray();
        return Task.CompletedTask;
    }

    /// <summary>Stops taking requests and sends everything already accepted into the batcher before returning.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _waiting.Writer.TryComplete();
        await Task.WhenAll(_senders).WaitAsync(cancellationToken);
    }

    private async Task SendLoopAsync()
    {
        var batch = new List<Pending>();
        Pending? carry = null; // read, but did not fit the previous message
        while (carry is not null || await _waiting.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var (bytes, count) = (0, 0);
            while (carry is not null || _waiting.Reader.TryRead(out carry))
            {
                if (batch.Count > 0 && EventBatchJson.SizeOf(bytes + carry.Bytes, count + carry.Events.Count) > _options.MaxMessageBytes)
                {
                    break;
                }

                batch.Add(carry);
                (bytes, count) = (bytes + carry.Bytes, count + carry.Events.Count);
                carry = null;
            }

            // Several senders wake for one arrival; the ones that found nothing left send nothing.
            if (batch.Count > 0)
            {
                await SendAsync(batch);
            }
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        var batchId = RandomIds.New('b', 25);
        var deduplicationId = batch is [{ SoleEventKey: { } key }] ? key : batchId;
        try
        {
            var body = EventBatchJson.Assemble(batchId, batch.SelectMany(p => p.Events));
            await queue.SendAsync(new QueuedBatch(batchId, deduplicationId, body), CancellationToken.None);
            batch.ForEach(p => p.Done.TrySetResult());
        }
        catch (Exception e)
        {
            batch.ForEach(p => p.Done.TrySetException(e));
        }
        finally
        {
            Interlocked.Add(ref _waitingRequests, -batch.Count);
        }
    }

    private sealed record Pending(IReadOnlyList<byte[]> Events, int Bytes, string? SoleEventKey)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
