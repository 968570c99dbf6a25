using Microsoft.Extensions.Caching.Memory;
using Sluice.Health;
using ZiggyCreatures.Caching.Fusion;

namespace Sluice.Storage;

/// <summary>
/// The read API's reads (a tenant's log page, its usage) never wait long on a slow store, and do not fail while the
/// store does. Every read goes to storage, as if nothing were kept; but when storage has not answered within
/// <see cref="StorageOptions.StaleReadAfter"/>, or fails, the same read's last good answer (at most
/// <see cref="StorageOptions.StaleReadMaxAge"/> old) answers instead, with its age, and storage's answer, when it
/// comes, is kept for the next read. A backlog draining into a slow store (Azurite pauses for up to a second while
/// it saves its tables; a storage account past its budget answers 503) then costs a read its freshness, not its
/// latency or its answer. A request with <c>Cache-Control: no-cache</c> always waits for storage (RFC 9111). The
/// MCP tools and the dashboard read storage directly: they have no way to say how old an answer is.
/// FusionCache's fail-safe and soft timeout do the work; identical reads in flight together also share one call.
/// </summary>
public sealed class LastGoodReads : IDisposable
{
    private static readonly TimeSpan FailureThrottle = TimeSpan.FromMilliseconds(100);

    private readonly FusionCache _cache;
    private readonly FusionCacheEntryOptions _entry;
    private readonly SluiceMetrics _metrics;
    private readonly TimeProvider _clock;

    public LastGoodReads(IOptions<StorageOptions> options, SluiceMetrics metrics, TimeProvider clock)
    {
        var storage = options.Value;
        _metrics = metrics;
        _clock = clock;
        _cache = new FusionCache(new FusionCacheOptions(),
            new MemoryCache(new MemoryCacheOptions { SizeLimit = storage.StaleReadMemoryMegabytes * 1024L * 1024 }));
        _entry = new FusionCacheEntryOptions
        {
            // Logically expired at once: each read asks storage. The entry stays behind, for fail-safe, until StaleReadMaxAge.
            Duration = TimeSpan.Zero,
            IsFailSafeEnabled = storage.StaleReadMaxAge > TimeSpan.Zero,
            FailSafeMaxDuration = storage.StaleReadMaxAge,
            // After a slow or failed read, the same read takes the last good answer without asking storage for this long.
            FailSafeThrottleDuration = FailureThrottle,
            FactorySoftTimeout = storage.StaleReadAfter,
            AllowTimedOutFactoryBackgroundCompletion = true,
        };
    }

    /// <summary>The key of a read: what it reads, for which tenant, and every parameter its answer depends on.</summary>
    public static string Key(params object?[] parts) => string.Join('\u001f', parts);

    /// <summary>
    /// <paramref name="read"/>'s answer, or, when storage is slow or failing, the last good answer for the same
    /// <paramref name="key"/> (<see cref="Key"/>). <paramref name="bytes"/> estimates an answer's memory, so that
    /// what is kept stays within its budget.
    /// </summary>
    public async Task<AsOf<T>> ReadAsync<T>(HttpRequest request, string key, Func<CancellationToken, Task<T>> read, Func<T, long> bytes)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var asked = _clock.GetUtcNow();
        if (request.GetTypedHeaders().CacheControl?.NoCache == true)
        {
            return new AsOf<T>(await read(cancellationToken), asked, Stale: false);
        }

        var answer = await _cache.GetOrSetAsync<AsOf<T>>(key, async (context, token) =>
        {
            var value = await read(token);
            context.Options.Size = bytes(value);
            return new AsOf<T>(value, _clock.GetUtcNow(), Stale: false);
        }, options: _entry, token: cancellationToken);
        if (answer.ReadAt >= asked)
        {
            return answer;
        }

        _metrics.StaleRead();
        return answer with { Stale = true };
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>An answer, when storage gave it, and whether that was before the request (storage was slow or failing).</summary>
public sealed record AsOf<T>(T Value, DateTimeOffset ReadAt, bool Stale)
{
    /// <summary>What the answer shows as, as of the same time.</summary>
    public AsOf<TShown> Select<TShown>(Func<T, TShown> show) => new(show(Value), ReadAt, Stale);
}
