using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Sluice.Tenants.Transfer;

namespace Sluice.Admin;

/// <summary>
/// <c>GET /api/admin/tenants/{tenantId}/export</c> streams a tenant as NDJSON; <c>POST /api/admin/tenants/import</c>
/// takes such a stream, into this deployment or another (<see cref="TenantImport"/>). Admin token; the import is audited.
/// </summary>
public sealed class TenantTransferApi(AdminAuthenticator admins, TenantAdministration administration, TenantExport export, TenantImport import)
{
    public const string MediaType = "application/x-ndjson";

    public async Task<IResult> ExportAsync(HttpRequest request, string tenantId)
    {
        admins.Authenticate(request);
        var tenant = await administration.GetTenantAsync(tenantId, request.HttpContext.RequestAborted);
        return new ExportResult(tenant, export);
    }

    public async Task<IResult> ImportAsync(HttpRequest request)
    {
        var actor = admins.Authenticate(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(ProblemTypes.UnsupportedMediaType, $"Send the export as {MediaType} (got '{request.ContentType ?? "no content type"}').");
        }

        // An export is as large as its tenant's log: no body limit, it is streamed to a scratch file and checked line by line.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        return JsonResults.Ok(await import.ImportAsync(actor, request.Body, request.HttpContext.RequestAborted));
    }

    private sealed class ExportResult(Tenants.Tenant tenant, TenantExport export) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = MediaType;
            httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{tenant.Id}.ndjson\"";
            httpContext.Response.Headers.CacheControl = "no-store";
            return export.WriteAsync(tenant, httpContext.Response.Body, httpContext.RequestAborted);
        }
    }
}
