using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Sluice.Tenants;

namespace Sluice.Auth;

/// <summary>
/// Tenants by id, for validation. Hits are lock-free reads of a <see cref="MemoryCache"/>; concurrent misses for one
/// tenant share a single storage read; a missing tenant is remembered for the (shorter) negative TTL, in a bounded
/// cache of its own, so a flood of made-up tenant ids cannot evict real tenants.
/// </summary>
public sealed class TenantCache : IDisposable
{
    private readonly ITenantStore _store;
    private readonly AuthOptions _options;
    private readonly MemoryCache _cache;
    private readonly MemoryCache _missing;
    private readonly ConcurrentDictionary<string, Lazy<Task<Tenant?>>> _inFlight = new(StringComparer.Ordinal);

    public TenantCache(ITenantStore store, IOptions<AuthOptions> options)
    {
        _store = store;
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSizeLimit });
        _missing = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.NegativeCacheSizeLimit });
    }

    public async ValueTask<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (TryCached(tenantId, out var cached))
        {
            return cached;
        }

        // A caller that missed the cache just before a read completed would otherwise start a second read once that
        // read's flight is gone; a new flight looks in the cache again first.
        var flight = _inFlight.GetOrAdd(tenantId, id => new Lazy<Task<Tenant?>>(() =>
            TryCached(id, out var landed) ? Task.FromResult(landed) : LoadAsync(id)));
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

    /// <summary>Whether the tenant (or its absence) is cached here, so that validating a key of it reads no storage.</summary>
    public bool Holds(string tenantId) => TryCached(tenantId, out _);

    /// <summary>Forgets a tenant at once on this instance (after an admin change made here).</summary>
    public void Invalidate(string tenantId)
    {
        _cache.Remove(tenantId);
        _missing.Remove(tenantId);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _missing.Dispose();
    }

    /// <summary>The cached tenant, or null when its absence is cached; false when neither is.</summary>
    private bool TryCached(string tenantId, out Tenant? tenant)
    {
        if (_cache.TryGetValue(tenantId, out tenant))
        {
            return true;
        }

        tenant = null;
        return _missing.TryGetValue(tenantId, out _);
    }

    private async Task<Tenant?> LoadAsync(string tenantId)
    {
        var stored = await _store.GetAsync(tenantId, CancellationToken.None);
        var (cache, ttl) = stored is null ? (_missing, _options.NegativeCacheTtl) : (_cache, _options.CacheTtl);
        if (ttl > TimeSpan.Zero)
        {
            // Cached before the in-flight entry is removed, so no caller can slip between the two and read again.
            cache.Set(tenantId, stored?.Value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
        }

        return stored?.Value;
    }
}
