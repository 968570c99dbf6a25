using Azure.Data.Tables;
using Sluice.Keys;

namespace Sluice.Sessions;

/// <summary>
/// MCP sessions in Table Storage. A session's row lives in one of <see cref="Shards"/> partitions chosen by its id,
/// so that writes spread out and the reaper can delete a partition's expired rows in transactions. Each row carries
/// its expiry (idle timeout from the last touch, capped by the maximum lifetime), which is all the reaper reads.
/// </summary>
public sealed class SessionStore(SluiceTables tables, IOptions<SessionOptions> options, TimeProvider clock)
{
    public const int Shards = 16;
    private const int RandomChars = 26;
    private readonly SessionOptions _options = options.Value;

    public static IEnumerable<string> Partitions => Enumerable.Range(0, Shards).Select(PartitionName);

    public async Task<StoredSession> CreateAsync(string tenantId, string protocolVersion, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = new StoredSession(RandomIds.New('s', RandomChars), tenantId, protocolVersion, now, now, ExpiryAfter(now, now));
        await FreshRows.AddAsync(tables.Sessions, ToEntity(session), cancellationToken);
        return session;
    }

    /// <summary>The session, or null when it does not exist or has expired (the reaper may not have run yet).</summary>
    public async Task<StoredSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(id))
        {
            return null;
        }

        var found = await tables.Sessions.GetEntityIfExistsAsync<TableEntity>(PartitionOf(id), id, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } entity && FromEntity(entity) is var session && !session.IsExpired(clock.GetUtcNow()) ? session : null;
    }

    /// <summary>
    /// Records use now, pushing the expiry out (never past the maximum lifetime), unless the last write is younger
    /// than <see cref="SessionOptions.TouchInterval"/> or the expiry could not move anyway. Null when the session was
    /// ended meanwhile (a merge never recreates a deleted row).
    /// </summary>
    public async Task<StoredSession?> TouchAsync(StoredSession session, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var touched = session with { LastSeenAt = now, ExpiresAt = ExpiryAfter(session.CreatedAt, now) };
        if (now - session.LastSeenAt < _options.TouchInterval || touched.ExpiresAt <= session.ExpiresAt)
        {
            return session;
        }

        // Merge without an ETag: two instances touching at once both move the expiry forward, and either write is right.
        try
        {
            await tables.Sessions.UpdateEntityAsync(ToEntity(touched), Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
            return touched;
        }
        catch (Azure.RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>A tenant's live sessions, most recently used first (one query per partition: an admin's view, not a hot path).</summary>
    public async Task<IReadOnlyList<StoredSession>> ListLiveAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var perPartition = await Task.WhenAll(Partitions.Select(async partition =>
        {
            var sessions = new List<StoredSession>();
            await foreach (var entity in tables.Sessions.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and TenantId eq {tenantId}"), cancellationToken: cancellationToken))
            {
                sessions.Add(FromEntity(entity));
            }

            return sessions;
        }));
        return perPartition.SelectMany(s => s).Where(s => !s.IsExpired(now)).OrderByDescending(s => s.LastSeenAt).ToList();
    }

    /// <summary>Ends a session; true if it existed.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        IsWellFormed(id) && (await tables.Sessions.DeleteEntityAsync(PartitionOf(id), id, Azure.ETag.All, cancellationToken)).Status != StatusCodes.Status404NotFound;

    public static string PartitionOf(string id) => PartitionName(RandomIds.Alphabet.IndexOf(id[^1]) % Shards);

    private static bool IsWellFormed(string id) => RandomIds.IsValid(id, 's', RandomChars);

    private static string PartitionName(int shard) => $"s{shard:D2}";

    private DateTimeOffset ExpiryAfter(DateTimeOffset createdAt, DateTimeOffset lastSeen) =>
        Min(lastSeen + _options.IdleTimeout, createdAt + _options.MaxLifetime);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TableEntity ToEntity(StoredSession session) => new(PartitionOf(session.Id), session.Id)
    {
        ["TenantId"] = session.TenantId,
        ["ProtocolVersion"] = session.ProtocolVersion,
        ["CreatedAt"] = session.CreatedAt,
        ["LastSeenAt"] = session.LastSeenAt,
        ["ExpiresAt"] = session.ExpiresAt,
    };

    private static StoredSession FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("TenantId"),
        entity.GetString("ProtocolVersion"),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("LastSeenAt") ?? default,
        entity.GetDateTimeOffset("ExpiresAt") ?? default);
}
