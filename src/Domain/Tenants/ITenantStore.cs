using Azure;
using Sluice.Audit;

namespace Sluice.Tenants;

/// <summary>Persistence of tenants and their audit trail. Every change is written together with its audit entry.</summary>
public interface ITenantStore
{
    Task<Stored<Tenant>?> GetAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Inserts a new tenant and its audit entry atomically.</summary>
    Task CreateAsync(Tenant tenant, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Replaces the tenant if it still has <paramref name="etag"/>; false if someone else changed it first.</summary>
    Task<bool> TryReplaceAsync(Tenant tenant, ETag etag, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Records an action on the tenant that is not a change of its row (an import).</summary>
    Task AppendAuditAsync(AuditEntry audit, CancellationToken cancellationToken);

    Task<Listing<Tenant>> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken);

    /// <summary>A tenant's audit trail, newest first.</summary>
    Task<Listing<AuditEntry>> ListAuditAsync(string tenantId, string? continuation, int pageSize, CancellationToken cancellationToken);
}
