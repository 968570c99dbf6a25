using Azure;
using Azure.Data.Tables;

namespace Sluice.Billing;

public sealed record CustomerLink(string CustomerId, string TenantId);

/// <summary>
/// Which tenant each Stripe customer belongs to: partition <c>customer</c> of the billing table, row = customer id.
/// Subscription and invoice events name only the customer; reconciliation walks this partition page by page.
/// </summary>
public sealed class CustomerLinks(SluiceTables tables)
{
    public const string Partition = "customer";

    public async Task<string?> FindTenantAsync(string customerId, CancellationToken cancellationToken)
    {
        if (!IsValidCustomerId(customerId))
        {
            return null;
        }

        var row = await tables.Billing.GetEntityIfExistsAsync<TableEntity>(Partition, customerId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("TenantId") : null;
    }

    /// <summary>Links the customer to the tenant; a customer already linked to another tenant is refused, never moved.</summary>
    public async Task LinkAsync(string customerId, string tenantId, CancellationToken cancellationToken)
    {
        if (!IsValidCustomerId(customerId))
        {
            throw new BillingRejected($"'{customerId}' is not a Stripe customer id.");
        }

        try
        {
            await tables.Billing.AddEntityAsync(new TableEntity(Partition, customerId) { ["TenantId"] = tenantId }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var linked = await FindTenantAsync(customerId, cancellationToken);
            if (linked != tenantId)
            {
                throw new BillingRejected($"Stripe customer {customerId} is already linked to tenant {linked}; unlink it there first.");
            }
        }
    }

    public async Task UnlinkAsync(string customerId, CancellationToken cancellationToken) =>
        await tables.Billing.DeleteEntityAsync(Partition, customerId, ETag.All, cancellationToken);

    /// <summary>One page of links; the continuation is the storage's own (reconciliation passes it back, never a client).</summary>
    public async Task<Listing<CustomerLink>> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var query = tables.Billing.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), pageSize, select: ["RowKey", "TenantId"], cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(continuation, pageSize))
        {
            return new Listing<CustomerLink>(page.Values.Select(v => new CustomerLink(v.RowKey, v.GetString("TenantId"))).ToArray(), page.ContinuationToken);
        }

        return new Listing<CustomerLink>([], null);
    }

    private static bool IsValidCustomerId(string? id) =>
        id is { Length: > 4 and <= 255 } && id.StartsWith("cus_", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
