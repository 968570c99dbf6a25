using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Sluice.Tenants;

namespace Sluice.Auth;

/// <summary>
/// Tenants by id, for validation. Hits are lock-free reads of a <see cref="MemoryCache"/>; concurrent misses for one
/// tenant share a single storage read; a missing tenant is remembered for the (shorter) negative TTL.
/// </summary>
public sealed class TenantCache : IDisposable
{
    private readonly ITenantStore _store;
    private readonly AuthOptions _options;
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<Tenant?>>> _inFlight = new(StringComparer.Ordinal);

    public TenantCache(ITenantStore store, IOptions<AuthOptions> options)
    {
        _store = store;
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSizeLimit });
    }

    public async ValueTask<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(tenantId, out Tenant? cached))
        {
            return cached;
        }

        // A caller that missed the cache just before a read completed would otherwise start a second read once that
        // read's flight is gone; a new flight looks in the cache again first.
        var flight = _inFlight.GetOrAdd(tenantId, id => new Lazy<Task<Tenant?>>(() =>
            _cache.TryGetValue(id, out Tenant? landed) ? Task.FromResult(landed) : LoadAsync(id)));
        try
        {
            // The shared read is not tied to any one caller's cancellation; each caller may stop waiting on its own.
            return await flight.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(tenantId, flight));
        }
    }

    /// <summary>Forgets a tenant at once on this instance (after an admin change made here).</summary>
    public void Invalidate(string tenantId) => _cache.Remove(tenantId);

    public void Dispose() => _cache.Dispose();

    private async Task<Tenant?> LoadAsync(string tenantId)
    {
        var stored = await _store.GetAsync(tenantId, CancellationToken.None);
        var ttl = stored is null ? _options.NegativeCacheTtl : _options.CacheTtl;
        if (ttl > TimeSpan.Zero)
        {
            // Cached before the in-flight entry is removed, so no caller can slip between the two and read again.
            _cache.Set(tenantId, stored?.Value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
        }

        return stored?.Value;
    }
}
