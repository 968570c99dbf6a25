using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

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
    private readonly Channel<SluiceEvent> _buffer;
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
        _buffer = Channel.CreateBounded<SluiceEvent>(new BoundedChannelOptions(options.BufferCapacity) { SingleReader = true });
    }

    /// <summary>The outbox's state, or null without one.</summary>
    public OutboxStatus? Outbox => _outbox?.Status();

    /// <summary>
    /// Sends the events and returns when the server has confirmed them all (in batches of at most 100 and 1 MiB).
    /// With an outbox they are written to it first, and anything it already held is sent too.
    /// </summary>
    public async Task<int> SendAsync(IEnumerable<SluiceEvent> events, CancellationToken cancellationToken = default)
    {
        if (_outbox is null)
        {
            var list = events.ToList();
            var confirmed = 0;
            foreach (var batch in EventBatches.Of(list))
            {
                await PostAsync(batch, list.Count - confirmed, cancellationToken);
                confirmed += batch.Count;
                _options.OnProgress?.Invoke(confirmed, list.Count);
            }

            return confirmed;
        }

        await _sending.WaitAsync(cancellationToken);
        try
        {
            _outbox.Add(events.ToList());
        }
        finally
        {
            _sending.Release();
        }

        return await DrainAsync(cancellationToken);
    }

    public Task<int> SendAsync(SluiceEvent e, CancellationToken cancellationToken = default) => SendAsync([e], cancellationToken);

    /// <summary>
    /// Takes an event to send later (<see cref="FlushAsync"/>, or when the buffer is full). With an outbox it goes to
    /// disk at once; without one it waits in a bounded buffer in memory.
    /// </summary>
    public async ValueTask EnqueueAsync(SluiceEvent e, CancellationToken cancellationToken = default)
    {
        if (_outbox is not null)
        {
            await _sending.WaitAsync(cancellationToken);
            try
            {
                _outbox.Add([e]);
            }
            finally
            {
                _sending.Release();
            }

            return;
        }

        while (!_buffer.Writer.TryWrite(e))
        {
            await FlushAsync(cancellationToken);
        }
    }

    /// <summary>Sends whatever is buffered (or in the outbox); returns how many the server confirmed.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_outbox is not null)
        {
            return await DrainAsync(cancellationToken);
        }

        var taken = new List<SluiceEvent>();
        while (_buffer.Reader.TryRead(out var e))
        {
            taken.Add(e);
        }

        try
        {
            return await SendAsync(taken, cancellationToken);
        }
        catch (SluiceGaveUpException)
        {
            foreach (var e in taken)
            {
                _buffer.Writer.TryWrite(e); // kept for the next flush; the ids make a repeat harmless
            }

            throw;
        }
    }

    /// <summary>
    /// Sends everything in the outbox. Confirmed batches leave it at once; a batch the server refuses as invalid is
    /// sent again one event at a time so that only the bad events go to rejected.ndjson. Authentication errors and
    /// giving up leave the outbox as it is.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var outbox = _outbox ?? throw new InvalidOperationException("This client has no outbox (SluiceClientOptions.OutboxDirectory).");
        await _sending.WaitAsync(cancellationToken);
        try
        {
            var pending = outbox.PendingEvents();
            var confirmed = 0;
            foreach (var batch in EventBatches.Of(pending))
            {
                confirmed += await DeliverAsync(outbox, batch, pending.Count - confirmed, cancellationToken);
                _options.OnProgress?.Invoke(confirmed, pending.Count);
            }

            return confirmed;
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

    private async Task<int> DeliverAsync(DurableOutbox outbox, IReadOnlyList<SluiceEvent> batch, int pending, CancellationToken cancellationToken)
    {
        try
        {
            await PostAsync(batch, pending, cancellationToken);
            outbox.Confirm(batch.Select(e => e.Id).ToList());
            return batch.Count;
        }
        catch (SluiceException e) when (e is SluiceRejectedException or SluicePayloadTooLargeException)
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
