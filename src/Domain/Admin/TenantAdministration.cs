using System.Text.Json;
using Sluice.Audit;
using Sluice.Auth;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Admin;

/// <summary>
/// Every administrative change to tenants and keys. Each is a read-modify-write guarded by the tenant's ETag and
/// written together with its audit entry; a concurrent change makes it re-read and re-apply, never overwrite.
/// </summary>
public sealed class TenantAdministration(ITenantStore store, TenantCache cache, TimeProvider clock)
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(400);
    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    public async Task<Tenant> CreateTenantAsync(string actor, string name, Plan plan, int? rateLimitOverride, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenant = new Tenant(TenantIds.New(), name, plan, TenantStatus.Active, rateLimitOverride, now, now, []);
        await store.CreateAsync(tenant, Audit(actor, "tenant.created", tenant.Id, null, tenant, now), cancellationToken);
        return tenant;
    }

    public async Task<Tenant> GetTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        (await LoadAsync(tenantId, cancellationToken)).Value;

    public Task<Tenant> UpdateTenantAsync(string actor, string tenantId, TenantChanges changes, CancellationToken cancellationToken) =>
        ChangeAsync(actor, tenantId, "tenant.updated", (tenant, _) =>
            new Change<Tenant>(changes.ApplyTo(tenant), tenantId, t => t), cancellationToken);

    public Task<IssuedKeyView> IssueKeyAsync(string actor, string tenantId, string name, ApiKeyScope scopes, CancellationToken cancellationToken) =>
        ChangeAsync(actor, tenantId, "key.issued", (tenant, now) =>
        {
            var key = ApiKey.Create(tenant.Id);
            var record = new ApiKeyRecord(key.KeyId, name, scopes, key.Hash(), now, null);
            return new Change<IssuedKeyView>(WithNewKey(tenant, record, now), key.KeyId, _ => new IssuedKeyView(tenant.Id, ApiKeyView.Of(record), key.Value));
        }, cancellationToken);

    /// <summary>Issues a replacement with the same name and scopes; the old key stops working after <paramref name="grace"/>.</summary>
    public Task<IssuedKeyView> RotateKeyAsync(string actor, string tenantId, string keyId, TimeSpan grace, CancellationToken cancellationToken) =>
        ChangeAsync(actor, tenantId, "key.rotated", (tenant, now) =>
        {
            var old = FindKey(tenant, keyId);
            if (old.IsRevokedAt(now))
            {
                throw new ProblemException(ProblemTypes.KeyAlreadyRevoked, $"API key {keyId} is revoked; issue a new key instead.");
            }

            var key = ApiKey.Create(tenant.Id);
            var record = new ApiKeyRecord(key.KeyId, old.Name, old.Scopes, key.Hash(), now, null);
            var withoutOld = tenant with { Keys = tenant.Keys.Select(k => k.Id == keyId ? k with { RevokedAt = now + grace } : k).ToArray() };
            return new Change<IssuedKeyView>(WithNewKey(withoutOld, record, now), keyId, _ => new IssuedKeyView(tenant.Id, ApiKeyView.Of(record), key.Value));
        }, cancellationToken);

    /// <summary>Revokes a key now. Revoking a revoked key changes nothing (DELETE is idempotent).</summary>
    public Task<ApiKeyView> RevokeKeyAsync(string actor, string tenantId, string keyId, CancellationToken cancellationToken) =>
        ChangeAsync(actor, tenantId, "key.revoked", (tenant, now) =>
        {
            var revoked = FindKey(tenant, keyId).IsRevokedAt(now)
                ? tenant
                : tenant with { Keys = tenant.Keys.Select(k => k.Id == keyId ? k with { RevokedAt = now } : k).ToArray() };
            return new Change<ApiKeyView>(revoked, keyId, t => ApiKeyView.Of(FindKey(t, keyId)));
        }, cancellationToken);

    /// <summary>
    /// A change Stripe decided (<paramref name="change"/> may return the tenant as it is: nothing is written then).
    /// Returns the tenant before and after, as written.
    /// </summary>
    public Task<TenantChange> ChangeBillingAsync(string actor, string tenantId, string action, Func<Tenant, Tenant> change, CancellationToken cancellationToken) =>
        ChangeAsync(actor, tenantId, action, (tenant, _) =>
            new Change<TenantChange>(change(tenant), tenantId, updated => new TenantChange(tenant, updated)), cancellationToken);

    private async Task<TResult> ChangeAsync<TResult>(
        string actor, string tenantId, string action, Func<Tenant, DateTimeOffset, Change<TResult>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await LoadAsync(tenantId, cancellationToken);
            var now = clock.GetUtcNow();
            var (updated, target, result) = change(stored.Value, now);
            if (Equivalent(updated, stored.Value))
            {
                return result(stored.Value);
            }

            updated = updated with { UpdatedAt = now };
            if (await store.TryReplaceAsync(updated, stored.ETag, Audit(actor, action, target, stored.Value, updated, now), cancellationToken))
            {
                cache.Invalidate(tenantId);
                return result(updated);
            }

            // Lost the race: back off a random, growing moment so that concurrent writers spread out.
            var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, 10 * Math.Pow(2, attempt));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), clock, cancellationToken);
        }

        throw new ProblemException(ProblemTypes.ConcurrentUpdate, $"Tenant {tenantId} kept changing under this request; retry it.");
    }

    private async Task<Stored<Tenant>> LoadAsync(string tenantId, CancellationToken cancellationToken) =>
        (TenantIds.IsValid(tenantId) ? await store.GetAsync(tenantId, cancellationToken) : null)
        ?? throw new ProblemException(ProblemTypes.TenantNotFound, $"There is no tenant '{tenantId}'.");

    private static ApiKeyRecord FindKey(Tenant tenant, string keyId) =>
        tenant.FindKey(keyId) ?? throw new ProblemException(ProblemTypes.KeyNotFound, $"Tenant {tenant.Id} has no API key '{keyId}'.");

    /// <summary>Adds a key, keeping the newest revoked keys up to the limit and refusing past the active-key limit.</summary>
    private static Tenant WithNewKey(Tenant tenant, ApiKeyRecord key, DateTimeOffset now)
    {
        var active = tenant.Keys.Where(k => !k.IsRevokedAt(now)).ToList();
        if (active.Count >= Tenant.MaxActiveKeys)
        {
            throw new ProblemException(ProblemTypes.KeyLimitReached,
                $"Tenant {tenant.Id} already has {Tenant.MaxActiveKeys} active keys; revoke one first.");
        }

        var revoked = tenant.Keys.Where(k => k.IsRevokedAt(now)).OrderByDescending(k => k.RevokedAt).Take(Tenant.MaxRevokedKeysKept);
        return tenant with { Keys = [.. active, .. revoked, key] };
    }

    private static bool Equivalent(Tenant a, Tenant b) => a with { Keys = [] } == b with { Keys = [] } && a.Keys.SequenceEqual(b.Keys);

    private static AuditEntry Audit(string actor, string action, string target, Tenant? before, Tenant after, DateTimeOffset now) =>
        new(after.Id, now, actor, action, target, Json(before), Json(after));

    private static string? Json(Tenant? tenant) => tenant is null ? null : JsonSerializer.Serialize(TenantView.Of(tenant), AuditJson);

    private sealed record Change<TResult>(Tenant Updated, string Target, Func<Tenant, TResult> Result);
}
