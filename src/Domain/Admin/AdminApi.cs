using Sluice.Audit;
using Sluice.Events;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Admin;

/// <summary>
/// The admin HTTP API (<c>/api/admin</c>), written once for both hosts: each host maps its route onto one of these
/// methods. Every call needs an admin token; every change is audited by <see cref="TenantAdministration"/>.
/// </summary>
public sealed class AdminApi(AdminAuthenticator admins, TenantAdministration administration, ITenantStore store)
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxNameLength = 100;
    private static readonly TimeSpan MaxRotationGrace = TimeSpan.FromDays(7);

    public async Task<IResult> CreateTenantAsync(HttpRequest request)
    {
        var actor = admins.Authenticate(request);
        using var body = await JsonBody.ReadAsync(request, MaxBodyBytes, request.HttpContext.RequestAborted);
        var fields = new FieldReader(body);
        var name = fields.String("name", MaxNameLength, required: true);
        var plan = fields.Enum<Plan>("plan") ?? Plan.Free;
        var rateLimitOverride = fields.Int("rateLimitOverride", 1, 1_000_000, out _);
        fields.ThrowIfInvalid();

        var tenant = await administration.CreateTenantAsync(actor, name!, plan, rateLimitOverride, request.HttpContext.RequestAborted);
        return JsonResults.Created($"/api/admin/tenants/{tenant.Id}", TenantView.Of(tenant));
    }

    public async Task<IResult> ListTenantsAsync(HttpRequest request)
    {
        admins.Authenticate(request);
        var page = await store.ListAsync(QueryParameters.Continuation(request), QueryParameters.Limit(request), request.HttpContext.RequestAborted);
        return JsonResults.Ok(new Listing<TenantView>(page.Items.Select(TenantView.Of).ToArray(), page.Continuation));
    }

    public async Task<IResult> GetTenantAsync(HttpRequest request, string tenantId)
    {
        admins.Authenticate(request);
        return JsonResults.Ok(TenantView.Of(await administration.GetTenantAsync(tenantId, request.HttpContext.RequestAborted)));
    }

    public async Task<IResult> UpdateTenantAsync(HttpRequest request, string tenantId)
    {
        var actor = admins.Authenticate(request);
        using var body = await JsonBody.ReadAsync(request, MaxBodyBytes, request.HttpContext.RequestAborted);
        var fields = new FieldReader(body);
        var changes = new TenantChanges(
            fields.String("name", MaxNameLength),
            fields.Enum<Plan>("plan"),
            fields.Enum<TenantStatus>("status"),
            fields.Int("rateLimitOverride", 1, 1_000_000, out var clearOverride),
            clearOverride)
        {
            RetentionDaysOverride = fields.Int("retentionDaysOverride", 1, EventRetention.MaxDays, out var clearRetention),
            ClearRetentionDaysOverride = clearRetention,
        };
        fields.ThrowIfInvalid();

        var tenant = await administration.UpdateTenantAsync(actor, tenantId, changes, request.HttpContext.RequestAborted);
        return JsonResults.Ok(TenantView.Of(tenant));
    }

    public async Task<IResult> IssueKeyAsync(HttpRequest request, string tenantId)
    {
        var actor = admins.Authenticate(request);
        using var body = await JsonBody.ReadAsync(request, MaxBodyBytes, request.HttpContext.RequestAborted);
        var fields = new FieldReader(body);
        var name = fields.String("name", MaxNameLength) ?? "default";
        var scopes = fields.Flags<ApiKeyScope>("scopes", required: true);
        fields.ThrowIfInvalid();

        var issued = await administration.IssueKeyAsync(actor, tenantId, name, scopes!.Value, request.HttpContext.RequestAborted);
        return JsonResults.Created($"/api/admin/tenants/{tenantId}/keys/{issued.Key.Id}", issued);
    }

    public async Task<IResult> ListKeysAsync(HttpRequest request, string tenantId)
    {
        admins.Authenticate(request);
        var tenant = await administration.GetTenantAsync(tenantId, request.HttpContext.RequestAborted);
        return JsonResults.Ok(tenant.Keys.Select(ApiKeyView.Of).ToArray());
    }

    /// <summary>Body optional: <c>{"graceSeconds": n}</c> keeps the old key working for n seconds (default 0).</summary>
    public async Task<IResult> RotateKeyAsync(HttpRequest request, string tenantId, string keyId)
    {
        var actor = admins.Authenticate(request);
        var grace = TimeSpan.Zero;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var body = await JsonBody.ReadAsync(request, MaxBodyBytes, request.HttpContext.RequestAborted);
            var fields = new FieldReader(body);
            grace = TimeSpan.FromSeconds(fields.Int("graceSeconds", 0, (int)MaxRotationGrace.TotalSeconds, out _) ?? 0);
            fields.ThrowIfInvalid();
        }

        var issued = await administration.RotateKeyAsync(actor, tenantId, keyId, grace, request.HttpContext.RequestAborted);
        return JsonResults.Created($"/api/admin/tenants/{tenantId}/keys/{issued.Key.Id}", issued);
    }

    public async Task<IResult> RevokeKeyAsync(HttpRequest request, string tenantId, string keyId)
    {
        var actor = admins.Authenticate(request);
        return JsonResults.Ok(await administration.RevokeKeyAsync(actor, tenantId, keyId, request.HttpContext.RequestAborted));
    }

    public async Task<IResult> ListAuditAsync(HttpRequest request, string tenantId)
    {
        admins.Authenticate(request);
        await administration.GetTenantAsync(tenantId, request.HttpContext.RequestAborted);
        var page = await store.ListAuditAsync(tenantId, QueryParameters.Continuation(request), QueryParameters.Limit(request), request.HttpContext.RequestAborted);
        return JsonResults.Ok(new Listing<AuditEntryView>(page.Items.Select(AuditEntryView.Of).ToArray(), page.Continuation));
    }
}
