namespace Sluice.Client;

/// <summary>Where to send, with which key, and how long to keep trying.</summary>
public sealed class SluiceClientOptions
{
    public required Uri BaseAddress { get; init; }

    public required string ApiKey { get; init; }

    /// <summary>How long one send keeps retrying (429, 503, 5xx, no answer) before it gives up.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First backoff when the server says nothing of when to retry; doubles each time, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One request's own limit (the server answers within 10 s or says 503).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A directory for the durable outbox; without one, events not yet confirmed live only in memory.</summary>
    public string? OutboxDirectory { get; init; }

    /// <summary>Events <see cref="SluiceClient.EnqueueAsync"/> holds in memory; past it, it sends what it holds first.</summary>
    public int BufferCapacity { get; init; } = 10_000;

    /// <summary>Told of every retry: what the server answered (0: nothing) and how long the client waits.</summary>
    public Action<SluiceRetry>? OnRetry { get; init; }

    /// <summary>Told after each confirmed batch: events confirmed so far in this send, and in all.</summary>
    public Action<int, int>? OnProgress { get; init; }
}

/// <summary>One retry: the attempt that failed, its status (0: no answer) and the wait before the next.</summary>
public sealed record SluiceRetry(int Attempt, int Status, TimeSpan Delay, bool ServerSaidWhen);
