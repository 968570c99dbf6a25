using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Auth;

/// <summary>
/// Decides whether a presented API key grants a scope. Reads the tenant through <see cref="TenantCache"/>, or
/// straight from storage when asked (the readiness probe must exercise the real path, not the cache).
/// </summary>
public sealed class KeyValidator(TenantCache cache, ITenantStore store, FailedCredentials failures, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly TimeSpan _refusalFloor = options.Value.RefusalFloor;

    /// <summary>
    /// Validates the request's <c>Authorization: Bearer</c> key; the request's abort ends the wait. An address past its
    /// failed-credential limit is refused before its key is read; an unknown key counts against it and answers no
    /// sooner than <see cref="AuthOptions.RefusalFloor"/>. A key whose tenant is in neither cache needs a storage
    /// read, and an address takes those reads one at a time: otherwise a hundred concurrent guesses would all pass
    /// the limit before the first failure was counted.
    /// </summary>
    public async ValueTask<TenantAccess> ValidateAsync(HttpRequest request, ApiKeyScope required)
    {
        var context = request.HttpContext;
        var presented = BearerToken.From(request);
        var started = clock.GetTimestamp();
        TenantAccess access;
        using (var turn = ApiKey.TryParse(presented, out var key) && !cache.Holds(key.TenantId) ? await failures.TakeTurnAsync(context) : null)
        {
            if (failures.Refusal(context) is { } blocked)
            {
                return TenantAccess.Refused(blocked);
            }

            access = await ValidateAsync(presented, required, context.RequestAborted);
            if (access.Problem?.Type == ProblemTypes.UnknownKey)
            {
                failures.Record(context);
            }
        }

        var left = _refusalFloor - clock.GetElapsedTime(started);
        if (access.Problem?.Type == ProblemTypes.UnknownKey && left > TimeSpan.Zero)
        {
            await Task.Delay(left, clock, context.RequestAborted);
        }

        return access;
    }

    public async ValueTask<TenantAccess> ValidateAsync(string? presented, ApiKeyScope required, CancellationToken cancellationToken, bool bypassCache = false)
    {
        if (presented is null)
        {
            return TenantAccess.Refused(ProblemTypes.MissingKey, "Send an API key as 'Authorization: Bearer <key>'.");
        }

        if (!ApiKey.TryParse(presented, out var key))
        {
            return TenantAccess.Refused(ProblemTypes.MalformedKey, $"That is not a Sluice API key sent as 'Authorization: Bearer <key>': keys look like '{ApiKey.Prefix}<tenant id>_<key id>_<secret>', exactly as issued.");
        }

        var tenant = bypassCache
            ? (await store.GetAsync(key.TenantId, cancellationToken))?.Value
            : await cache.GetAsync(key.TenantId, cancellationToken);

        var record = tenant?.FindKey(key.KeyId);
        if (tenant is null || record is null || !key.Matches(record.Hash))
        {
            return TenantAccess.Refused(ProblemTypes.UnknownKey, "This API key is not known.");
        }

        // Only someone holding the real key learns that it was revoked or that the tenant is suspended.
        if (record.IsRevokedAt(clock.GetUtcNow()))
        {
            return TenantAccess.Refused(ProblemTypes.RevokedKey, $"API key {record.Id} was revoked at {record.RevokedAt:O}.");
        }

        if (tenant.IsSuspendedAt(clock.GetUtcNow()))
        {
            var why = tenant.Status == TenantStatus.Suspended ? "" : $" for non-payment (past due since {tenant.Billing!.PastDueSince:O})";
            return TenantAccess.Refused(ProblemTypes.TenantSuspended, $"Tenant {tenant.Id} is suspended{why}.");
        }

        if (!record.Scopes.HasFlag(required))
        {
            return TenantAccess.Refused(ProblemTypes.InsufficientScope, $"API key {record.Id} lacks the '{string.Join(",", WireEnum.FlagNames(required))}' scope.");
        }

        return TenantAccess.Granted(tenant, record);
    }
}
