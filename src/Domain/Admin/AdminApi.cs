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

    public async Task<IResult> CreateTenantAsync(HttpRequest request)
    {
        var actor = admins.Authenticate(request);
        using var body = await JsonBody.ReadAsync(request, MaxBodyBytes, request.HttpContext.RequestAborted);
        var (name, plan, rateLimitOverride) = AdminFields.Creation(new FieldReader(body));
        var tenant = await administration.CreateTenantAsync(actor, name, plan, rateLimitOverride, request.HttpContext.RequestAborted);
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
        var tenant = await administration.UpdateTenantAsync(actor, tenantId, AdminFields.Changes(new FieldReader(body)), request.HttpContext.RequestAborted);
        return JsonResults.Ok(TenantView.Of(tenant));
    }

    public async Task<IResult> IssueKeyAsync(HttpRequest request, string tenantId)
    {
        var actor = admins.Authenticate(request);
        using var body = await JsonBody.ReadAsync(request, MaxBodyBytes, request.HttpContext.RequestAborted);
        var (name, scopes) = AdminFields.KeyIssue(new FieldReader(body));
        var issued = await administration.IssueKeyAsync(actor, tenantId, name, scopes, request.HttpContext.RequestAborted);
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
            grace = AdminFields.RotationGrace(new FieldReader(body));
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
