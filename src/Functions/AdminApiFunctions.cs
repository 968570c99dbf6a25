using Sluice.Admin;
using Sluice.Events;

namespace Sluice.Functions;

/// <summary>The admin API (admin bearer tokens, checked by the Domain handlers, not by function keys).</summary>
public sealed class AdminApiFunctions(AdminApi admin, DeadLettersApi deadLetters, TenantTransferApi transfer)
{
    [Function("ExportTenant")]
    public Task<IActionResult> ExportTenant([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/tenants/{tenantId}/export")] HttpRequest request, string tenantId) =>
        transfer.ExportAsync(request, tenantId).AsAction();

    [Function("ImportTenant")]
    public Task<IActionResult> ImportTenant([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tenants/import")] HttpRequest request) =>
        transfer.ImportAsync(request).AsAction();

    [Function("CreateTenant")]
    public Task<IActionResult> CreateTenant([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tenants")] HttpRequest request) =>
        admin.CreateTenantAsync(request).AsAction();

    [Function("ListTenants")]
    public Task<IActionResult> ListTenants([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/tenants")] HttpRequest request) =>
        admin.ListTenantsAsync(request).AsAction();

    [Function("GetTenant")]
    public Task<IActionResult> GetTenant([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/tenants/{tenantId}")] HttpRequest request, string tenantId) =>
        admin.GetTenantAsync(request, tenantId).AsAction();

    [Function("UpdateTenant")]
    public Task<IActionResult> UpdateTenant([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/admin/tenants/{tenantId}")] HttpRequest request, string tenantId) =>
        admin.UpdateTenantAsync(request, tenantId).AsAction();

    [Function("ListTenantAudit")]
    public Task<IActionResult> ListTenantAudit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/tenants/{tenantId}/audit")] HttpRequest request, string tenantId) =>
        admin.ListAuditAsync(request, tenantId).AsAction();

    [Function("IssueKey")]
    public Task<IActionResult> IssueKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tenants/{tenantId}/keys")] HttpRequest request, string tenantId) =>
        admin.IssueKeyAsync(request, tenantId).AsAction();

    [Function("ListKeys")]
    public Task<IActionResult> ListKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/tenants/{tenantId}/keys")] HttpRequest request, string tenantId) =>
        admin.ListKeysAsync(request, tenantId).AsAction();

    [Function("RotateKey")]
    public Task<IActionResult> RotateKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tenants/{tenantId}/keys/{keyId}/rotate")] HttpRequest request, string tenantId, string keyId) =>
        admin.RotateKeyAsync(request, tenantId, keyId).AsAction();

    [Function("RevokeKey")]
    public Task<IActionResult> RevokeKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/tenants/{tenantId}/keys/{keyId}")] HttpRequest request, string tenantId, string keyId) =>
        admin.RevokeKeyAsync(request, tenantId, keyId).AsAction();

    [Function("ListDeadLetters")]
    public Task<IActionResult> ListDeadLetters([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/dead-letters")] HttpRequest request) =>
        deadLetters.ListAsync(request).AsAction();

    [Function("ReplayDeadLetter")]
    public Task<IActionResult> ReplayDeadLetter([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/dead-letters/{id}/replay")] HttpRequest request, string id) =>
        deadLetters.ReplayAsync(request, id).AsAction();
}
