using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;

namespace Sluice.Tenants.Transfer;

/// <summary>
/// Streams a tenant as NDJSON (<see cref="ExportLine"/>): every stored row of it, table by table, as stored. Rows are
/// read page by page and written as they come, so an export of any size holds a page in memory. A stream cut short
/// has no trailer, which the import refuses.
/// </summary>
public sealed class TenantExport(TenantTables tables, TimeProvider clock)
{
    public async Task WriteAsync(Tenant tenant, Stream output, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        await WriteAsync(output, new ExportHeader(ExportHeader.FormatName, ExportHeader.CurrentVersion, tenant.Id, clock.GetUtcNow()), hash, cancellationToken);
        foreach (var (table, client, filter) in tables.Of(tenant))
        {
            rows.TryAdd(table, 0);
            await foreach (var entity in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                await WriteAsync(output, ExportRow.From(table, entity), hash, cancellationToken);
                rows[table]++;
            }
        }

        await WriteAsync(output, new ExportTrailer(rows, Convert.ToHexStringLower(hash.GetHashAndReset())), hash: null, cancellationToken);
    }

    private static async Task WriteAsync(Stream output, ExportLine line, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, ExportLine.Json);
        hash?.AppendData(bytes);
        hash?.AppendData("\n"u8);
        await output.WriteAsync(bytes, cancellationToken);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }
}
