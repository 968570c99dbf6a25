using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.RateLimiting;

namespace Sluice.Bench.Harness;

/// <summary>What one phase of steady load saw.</summary>
public sealed class PhaseCounts
{
    private readonly ConcurrentBag<double> _acceptedLatenciesMs = [];
    private long _attempts, _accepted, _unavailable, _limited, _refused, _serverErrors, _pastDeadline, _rejected;

    public long Attempts => Interlocked.Read(ref _attempts);

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>503 (with Retry-After): the client waits and sends the same id again.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    public long Limited => Interlocked.Read(ref _limited);

    /// <summary>No HTTP answer (connection refused or reset): the Server process was down.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>5xx other than 503: must stay 0.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Answers later than the Server's own request deadline (10 s) plus a second: must stay 0.</summary>
    public long PastDeadline => Interlocked.Read(ref _pastDeadline);

    /// <summary>A 4xx other than 429: must stay 0 (the events are valid).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>The first few 5xx answers (other than 503), status and body, to say what went wrong.</summary>
    public ConcurrentQueue<string> ServerErrorSamples { get; } = new();

    public double AcceptedPercentileMs(double p)
    {
        var sorted = _acceptedLatenciesMs.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    internal void Count(HttpStatusCode? status, TimeSpan elapsed, string? body)
    {
        Interlocked.Increment(ref _attempts);
        if (elapsed > SteadyLoad.Deadline)
        {
            Interlocked.Increment(ref _pastDeadline);
        }

        switch (status)
        {
            case null: Interlocked.Increment(ref _refused); break;
            case HttpStatusCode.Accepted:
                Interlocked.Increment(ref _accepted);
                _acceptedLatenciesMs.Add(elapsed.TotalMilliseconds);
                break;
            case HttpStatusCode.ServiceUnavailable: Interlocked.Increment(ref _unavailable); break;
            case HttpStatusCode.TooManyRequests: Interlocked.Increment(ref _limited); break;
            case >= HttpStatusCode.InternalServerError:
                if (Interlocked.Increment(ref _serverErrors) <= 3)
                {
                    ServerErrorSamples.Enqueue($"{(int)status}: {body}");
                }

                break;
            default: Interlocked.Increment(ref _rejected); break;
        }
    }
}

/// <summary>
/// Ingestion at a steady rate, sending one event per request as a careful client would: every event has its own
/// id, and an event that was not answered 202 (503, 429, no answer) is sent again with the same id after the
/// Retry-After it was given, so an event is either confirmed or still being tried, and a retry can never count
/// twice. Counts are kept per phase, named by whoever drives the load.
/// </summary>
public sealed class SteadyLoad : IAsyncDisposable
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(11);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(2);

    private readonly HttpClient _client;
    private readonly TokenBucketRateLimiter _pace;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, PhaseCounts> _phases = new();
    private readonly ConcurrentDictionary<string, string> _acceptedIds = new();
    private readonly Task[] _workers;
    private readonly string _idPrefix;
    private volatile string _phase;

    public SteadyLoad(Uri server, string apiKey, int eventsPerSecond, int workers, string firstPhase, string idPrefix = "e")
    {
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        _pace = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, eventsPerSecond / 10),
            TokensPerPeriod = Math.Max(1, eventsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = workers,
        });
        _phase = firstPhase;
        _idPrefix = idPrefix;
        _workers = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w))).ToArray();
    }

    /// <summary>The phase later answers are counted under.</summary>
    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public PhaseCounts Counts(string phase) => _phases.GetOrAdd(phase, _ => new PhaseCounts());

    /// <summary>Confirmed ids (202), each with the phase it was confirmed in.</summary>
    public IReadOnlyDictionary<string, string> AcceptedIds => _acceptedIds;

    /// <summary>Events sent but not yet confirmed when the load stopped: they may or may not be in the log.</summary>
    public long Unconfirmed { get; private set; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    private async Task WorkAsync(int worker)
    {
        long pending = 0;
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            using (var lease = await _pace.AcquireAsync(1, CancellationToken.None))
            {
                if (!lease.IsAcquired)
                {
                    continue;
                }
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"{_idPrefix}-{worker:D3}-{n:D7}");
            var body = $"{{\"id\":\"{id}\",\"type\":\"suite.tick\",\"payload\":{{\"worker\":{worker},\"n\":{n}}}}}";
            pending = 1;
            while (pending == 1)
            {
                var (status, retryAfter, elapsed, answer) = await SendAsync(body);
                var phase = _phase;
                Counts(phase).Count(status, elapsed, answer);
                if (status == HttpStatusCode.Accepted)
                {
                    _acceptedIds[id] = phase;
                    pending = 0;
                }
                else if (status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity)
                {
                    pending = 0; // retrying cannot fix it; counted as rejected
                }
                else if (_stop.IsCancellationRequested)
                {
                    break;
                }
                else
                {
                    var wait = retryAfter ?? TimeSpan.FromMilliseconds(250);
                    await Task.Delay(wait > LongestWait ? LongestWait : wait);
                }
            }

            if (pending == 1)
            {
                lock (_workers)
                {
                    Unconfirmed++;
                }
            }
        }
    }

    private async Task<(HttpStatusCode? Status, TimeSpan? RetryAfter, TimeSpan Elapsed, string? Answer)> SendAsync(string body)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _client.PostAsync("/api/events", content);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var answer = response.StatusCode >= HttpStatusCode.InternalServerError && response.StatusCode != HttpStatusCode.ServiceUnavailable
                ? await response.Content.ReadAsStringAsync()
                : null;
            return (response.StatusCode, response.Headers.RetryAfter?.Delta, elapsed, answer);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, null, Stopwatch.GetElapsedTime(started), null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _client.Dispose();
        _pace.Dispose();
        _stop.Dispose();
    }
}
