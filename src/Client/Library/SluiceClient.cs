using System.Net.Http.Json;
using System.Text.Json;

namespace Sluice.Client;

/// <summary>
/// Sends events to Sluice and reads them back. Each event carries a client-chosen id, so a retry (or a later run
/// draining the outbox) can never count twice. Sends retry while retrying can help and give up after
/// <see cref="SluiceClientOptions.Deadline"/> with <see cref="SluiceGaveUpException"/>; what cannot be fixed by
/// retrying throws its own exception. With an outbox directory, every event is on disk before it counts as taken.
/// </summary>
public sealed class SluiceClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly SluiceHttp _calls;
    private readonly SluiceClientOptions _options;
    private readonly DurableOutbox? _outbox;
    private readonly List<SluiceEvent> _buffer = []; // guarded by _sending
    private readonly SemaphoreSlim _sending = new(1, 1);

    public SluiceClient(SluiceClientOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null)
        {
            BaseAddress = options.BaseAddress,
            Timeout = options.RequestTimeout,
        };
        _calls = new SluiceHttp(_http, options);
        _outbox = options.OutboxDirectory is { } directory ? DurableOutbox.Open(directory) : null;
    }

    /// <summary>The outbox's state, or null without one.</summary>
    public OutboxStatus? Outbox => _outbox?.Status();

    /// <summary>
    /// Sends the events and returns when the server has confirmed them all (in batches of at most 100 events, or the
    /// tenant's per-minute limit where that is lower, and 1 MiB).
    /// With an outbox they are written to it first, and anything it already held is sent too.
    /// </summary>
    public async Task<int> SendAsync(IEnumerable<SluiceEvent> events, CancellationToken cancellationToken = default)
    {
        if (_outbox is null)
        {
            return await PostAllAsync(events.ToList(), confirmed: null, cancellationToken);
        }

        await AddToOutboxAsync(events.ToList(), cancellationToken);
        return await DrainAsync(cancellationToken);
    }

    public Task<int> SendAsync(SluiceEvent e, CancellationToken cancellationToken = default) => SendAsync([e], cancellationToken);

    /// <summary>
    /// Takes an event to send later (<see cref="FlushAsync"/>, or when the buffer is full). With an outbox it goes to
    /// disk at once; without one it waits in a bounded buffer in memory, which sends what it holds before it grows
    /// past <see cref="SluiceClientOptions.BufferCapacity"/>.
    /// </summary>
    public async ValueTask EnqueueAsync(SluiceEvent e, CancellationToken cancellationToken = default)
    {
        if (_outbox is not null)
        {
            await AddToOutboxAsync([e], cancellationToken);
            return;
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            if (_buffer.Count >= _options.BufferCapacity)
            {
                await SendBufferedAsync(cancellationToken);
            }

            _buffer.Add(e);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends whatever is buffered (or in the outbox); returns how many the server confirmed.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_outbox is not null)
        {
            return await DrainAsync(cancellationToken);
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            return await SendBufferedAsync(cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// Sends everything in the outbox. Confirmed batches leave it at once; a batch the server refuses for good (invalid,
    /// too large, an id reused with other content) is sent again one event at a time so that only the refused events go
    /// to rejected.ndjson. Authentication errors and
    /// giving up leave the outbox as it is.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var outbox = _outbox ?? throw new InvalidOperationException("This client has no outbox (SluiceClientOptions.OutboxDirectory).");
        await _sending.WaitAsync(cancellationToken);
        try
        {
            return await InBatchesAsync(outbox.PendingEvents(), (batch, pending) => DeliverAsync(outbox, batch, pending, cancellationToken));
        }
        finally
        {
            _sending.Release();
        }
    }

    public async Task<EventPage> ListEventsAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        (await _calls.GetAsync<EventPage>($"/api/events{query.ToQueryString()}", cancellationToken))!;

    /// <summary>The event, or null when the log does not have it (yet: processing follows acceptance by moments).</summary>
    public Task<StoredEvent?> GetEventAsync(string id, CancellationToken cancellationToken = default) =>
        _calls.GetAsync<StoredEvent>($"/api/events/{Uri.EscapeDataString(id)}", cancellationToken, notFoundIsAnswer: true);

    public async Task<Usage> GetUsageAsync(CancellationToken cancellationToken = default) =>
        (await _calls.GetAsync<Usage>("/api/usage", cancellationToken))!;

    /// <summary>The tenant and the key this client calls with, as the server shows them.</summary>
    public async Task<JsonElement> GetMeAsync(CancellationToken cancellationToken = default) =>
        await _calls.GetAsync<JsonElement>("/api/me", cancellationToken);

    public ValueTask DisposeAsync()
    {
        _outbox?.Dispose();
        _http.Dispose();
        _sending.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AddToOutboxAsync(IReadOnlyCollection<SluiceEvent> events, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            _outbox!.Add(events);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// Sends the in-memory buffer (the caller holds <see cref="_sending"/>). A confirmed batch leaves it at once, so a
    /// failure keeps every event not yet confirmed for the next flush (the ids make a repeat harmless); a batch the
    /// server refuses for good leaves it too, and its exception tells the caller why.
    /// </summary>
    private async Task<int> SendBufferedAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await PostAllAsync(_buffer.ToList(), batch => _buffer.RemoveRange(0, batch.Count), cancellationToken);
        }
        catch (SluiceRefusedException)
        {
            _buffer.RemoveRange(0, EventBatches.Next(_buffer, 0, _calls.MaxBatchEvents).Count);
            throw;
        }
    }

    /// <summary>Posts the events batch by batch; <paramref name="confirmed"/> hears of each confirmed batch.</summary>
    private Task<int> PostAllAsync(IReadOnlyList<SluiceEvent> events, Action<IReadOnlyList<SluiceEvent>>? confirmed, CancellationToken cancellationToken) =>
        InBatchesAsync(events, async (batch, pending) =>
        {
            await PostAsync(batch, pending, cancellationToken);
            confirmed?.Invoke(batch);
            return batch.Count;
        });

    /// <summary>
    /// Hands the events to <paramref name="send"/> in batches the server takes (<see cref="EventBatches"/>, cut to the
    /// tenant's per-minute limit once an answer names it), reporting progress. A batch refused as over that limit is
    /// cut again at the limit the refusal named and sent again: a free tenant's 500 events go out 60 at a time.
    /// </summary>
    private async Task<int> InBatchesAsync(IReadOnlyList<SluiceEvent> events, Func<IReadOnlyList<SluiceEvent>, int, Task<int>> send)
    {
        var confirmed = 0;
        for (var offset = 0; offset < events.Count;)
        {
            var batch = EventBatches.Next(events, offset, _calls.MaxBatchEvents);
            try
            {
                confirmed += await send(batch, events.Count - offset);
            }
            catch (SluiceBatchOverLimitException) when (_calls.MaxBatchEvents < batch.Count)
            {
                continue;
            }

            offset += batch.Count;
            _options.OnProgress?.Invoke(confirmed, events.Count);
        }

        return confirmed;
    }

    private async Task<int> DeliverAsync(DurableOutbox outbox, IReadOnlyList<SluiceEvent> batch, int pending, CancellationToken cancellationToken)
    {
        try
        {
            await PostAsync(batch, pending, cancellationToken);
            outbox.Confirm(batch.Select(e => e.Id).ToList());
            return batch.Count;
        }
        catch (SluiceRefusedException e)
        {
            if (batch.Count == 1)
            {
                outbox.Reject(batch, e.Problem?.ToString() ?? e.Message);
                return 0;
            }

            var confirmed = 0;
            foreach (var single in batch)
            {
                confirmed += await DeliverAsync(outbox, [single], pending - confirmed, cancellationToken);
            }

            return confirmed;
        }
    }

    private async Task PostAsync(IReadOnlyList<SluiceEvent> batch, int pending, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { events = batch });
        using var response = await _calls.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        }, pending, cancellationToken);
    }
}
