using Microsoft.Extensions.Caching.Memory;
using Sluice.Events;

namespace Sluice.Ingestion;

/// <summary>
/// The event ids this instance accepted lately, with their content's <see cref="EventDigest"/>: a request that reuses
/// one with other content is refused at once (409 <c>event-id-conflict</c>) while the id is still known here; the
/// same content again is a harmless retry. Bounded (50,000 ids, each kept 10 minutes after its last use); an id
/// accepted on another instance or longer ago is caught by processing instead (<see cref="EventConflicts"/>).
/// </summary>
public sealed class RecentEventIds : IDisposable
{
    private const int Capacity = 50_000;
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);
    private readonly MemoryCache _ids = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>The first event whose id this instance accepted with other content, or null.</summary>
    public EventEnvelope? FirstConflict(IReadOnlyList<EventEnvelope> events) =>
        events.FirstOrDefault(e => _ids.TryGetValue(Key(e), out string? digest) && digest != EventDigest.Of(e));

    public void Remember(IReadOnlyList<EventEnvelope> events)
    {
        foreach (var e in events)
        {
            _ids.Set(Key(e), EventDigest.Of(e), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Kept });
        }
    }

    public void Dispose() => _ids.Dispose();

    private static string Key(EventEnvelope e) => $"{e.TenantId}/{e.Id}";
}
