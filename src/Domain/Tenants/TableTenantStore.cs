using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Sluice.Audit;
using Sluice.Keys;

namespace Sluice.Tenants;

/// <summary>
/// Tenants in Table Storage. Partition = tenant id. Row "tenant" holds the tenant and its keys (hashes only);
/// rows "audit_{inverted ticks}_{random}" hold its audit trail, newest first. A change and its audit entry go
/// in one entity-group transaction, so there is never a change without its record.
/// </summary>
public sealed class TableTenantStore(SluiceTables tables) : ITenantStore
{
    private const string TenantRow = "tenant";
    private const string AuditRowPrefix = "audit_";
    // Keys and billing as JSON columns. Relaxed escaping: base64 hashes are stored verbatim ('+' not as \u002B), so the raw entity reads plainly.
    private static readonly JsonSerializerOptions ColumnJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<Stored<Tenant>?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var response = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, TenantRow, cancellationToken: cancellationToken);
        return response.HasValue ? new Stored<Tenant>(ToTenant(response.Value!), response.Value!.ETag) : null;
    }

    public Task CreateAsync(Tenant tenant, AuditEntry audit, CancellationToken cancellationToken) =>
        TableTransactions.SubmitAsync(tables.Tenants,
        [
            new(TableTransactionActionType.Add, ToEntity(tenant)),
            new(TableTransactionActionType.Add, ToEntity(audit)),
        ], cancellationToken);

    public async Task<bool> TryReplaceAsync(Tenant tenant, ETag etag, AuditEntry audit, CancellationToken cancellationToken)
    {
        try
        {
            await TableTransactions.SubmitAsync(tables.Tenants,
            [
                new(TableTransactionActionType.UpdateReplace, ToEntity(tenant), etag),
                new(TableTransactionActionType.Add, ToEntity(audit)),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    public Task AppendAuditAsync(AuditEntry audit, CancellationToken cancellationToken) =>
        tables.Tenants.AddEntityAsync(ToEntity(audit), cancellationToken);

    public Task<Listing<Tenant>> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken) =>
        TablePages.ReadAsync(tables.Tenants, $"RowKey eq '{TenantRow}'", continuation, pageSize, ToTenant, select: null, cancellationToken);

    public Task<Listing<AuditEntry>> ListAuditAsync(string tenantId, string? continuation, int pageSize, CancellationToken cancellationToken) =>
        TablePages.ReadAsync(tables.Tenants,
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {AuditRowPrefix} and RowKey lt {AuditRowPrefix + "~"}"),
            continuation, pageSize, ToAudit, select: null, cancellationToken);

    private static TableEntity ToEntity(Tenant tenant) => new(tenant.Id, TenantRow)
    {
        ["Name"] = tenant.Name,
        ["Plan"] = tenant.Plan.ToString(),
        ["Status"] = tenant.Status.ToString(),
        ["RateLimitOverride"] = tenant.RateLimitOverride,
        ["RetentionDaysOverride"] = tenant.RetentionDaysOverride,
        ["CreatedAt"] = tenant.CreatedAt,
        ["UpdatedAt"] = tenant.UpdatedAt,
        ["Keys"] = JsonSerializer.Serialize(tenant.Keys, ColumnJson),
        ["Billing"] = tenant.Billing is null ? null : JsonSerializer.Serialize(tenant.Billing, ColumnJson),
    };

    private static Tenant ToTenant(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("Name"),
        Enum.Parse<Plan>(entity.GetString("Plan")),
        Enum.Parse<TenantStatus>(entity.GetString("Status")),
        entity.GetInt32("RateLimitOverride"),
        entity.GetDateTimeOffset("CreatedAt")!.Value,
        entity.GetDateTimeOffset("UpdatedAt")!.Value,
        JsonSerializer.Deserialize<ApiKeyRecord[]>(entity.GetString("Keys") ?? "[]", ColumnJson)!)
    {
        Billing = entity.GetString("Billing") is { } billing ? JsonSerializer.Deserialize<TenantBilling>(billing, ColumnJson) : null,
        RetentionDaysOverride = entity.GetInt32("RetentionDaysOverride"),
    };

    private static TableEntity ToEntity(AuditEntry entry)
    {
        var invertedTicks = (DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        return new TableEntity(entry.TenantId, $"{AuditRowPrefix}{invertedTicks}_{RandomIds.New('a', 8)}")
        {
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Target"] = entry.Target,
            ["Before"] = entry.Before,
            ["After"] = entry.After,
        };
    }

    private static AuditEntry ToAudit(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetDateTimeOffset("At")!.Value,
        entity.GetString("Actor"),
        entity.GetString("Action"),
        entity.GetString("Target"),
        entity.GetString("Before"),
        entity.GetString("After"));
}
