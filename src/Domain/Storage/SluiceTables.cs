using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Sluice.Storage;

/// <summary>The tables Sluice owns, named with the configured prefix.</summary>
public sealed class SluiceTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly string _prefix = options.Value.TablePrefix;

    /// <summary>Tenants (with their keys) and their audit trail, one partition per tenant.</summary>
    public TableClient Tenants => service.GetTableClient(_prefix + "tenants");

    public IEnumerable<TableClient> All => [Tenants];

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }
}
