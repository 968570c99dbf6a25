using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Sluice.Audit;
using Sluice.Auth;

namespace Sluice.Tenants.Transfer;

/// <summary>
/// Imports a tenant export in two passes. First the whole stream is checked (header, every line, the trailer's row
/// counts and checksum, every row belonging to the header's tenant) while it is spooled to a scratch file of this
/// request; a damaged, tampered or cut stream is refused with the first bad line named, and nothing is written.
/// Then the rows are written back as they were, by key (upserts, one transaction per partition and 100 rows), so an
/// import interrupted half-way and run again completes it without duplicates. The import is audited.
/// </summary>
public sealed class TenantImport(TenantTables tables, ITenantStore store, TenantCache cache, TimeProvider clock)
{
    /// <summary>The longest line accepted: a row holds at most a 256 KiB payload, base64-encoded.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    public async Task<TenantImported> ImportAsync(string actor, Stream input, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"sluice-import-{Guid.NewGuid():N}.ndjson");
        try
        {
            var (header, trailer) = await CheckAndSpoolAsync(input, scratch, cancellationToken);
            await WriteRowsAsync(scratch, cancellationToken);
            var now = clock.GetUtcNow();
            await store.AppendAuditAsync(new AuditEntry(header.TenantId, now, actor, "tenant.imported", header.TenantId, null,
                JsonSerializer.Serialize(new { header.ExportedAt, trailer.Rows, trailer.Sha256 }, ExportLine.Json)), cancellationToken);
            cache.Invalidate(header.TenantId);
            return new TenantImported(header.TenantId, header.ExportedAt, trailer.Rows);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private static async Task<(ExportHeader Header, ExportTrailer Trailer)> CheckAndSpoolAsync(Stream input, string scratch, CancellationToken cancellationToken)
    {
        await using var spool = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = PipeReader.Create(input);
        ExportHeader? header = null;
        ExportTrailer? trailer = null;
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (TryTakeLine(ref buffer, out var line))
            {
                number++;
                var bytes = line.ToArray();
                if (trailer is not null)
                {
                    throw Bad(number, "there is more after the trailer");
                }

                var parsed = Parse(bytes, number);
                switch (parsed)
                {
                    case ExportHeader first when number == 1:
                        header = first.Format == ExportHeader.FormatName && first.Version == ExportHeader.CurrentVersion
                            ? first
                            : throw Bad(number, $"not a {ExportHeader.FormatName} export of version {ExportHeader.CurrentVersion}");
                        break;
                    case ExportRow row when header is not null:
                        if (!TenantTables.Owns(header.TenantId, row))
                        {
                            throw Bad(number, $"the row {row.Table}/{row.PartitionKey}/{row.RowKey} does not belong to tenant {header.TenantId}");
                        }

                        rows[row.Table] = rows.GetValueOrDefault(row.Table) + 1;
                        await spool.WriteAsync(bytes, cancellationToken);
                        await spool.WriteAsync("\n"u8.ToArray(), cancellationToken);
                        break;
                    case ExportTrailer last when header is not null:
                        trailer = last;
                        CheckTrailer(last, rows, Convert.ToHexStringLower(hash.GetCurrentHash()), number);
                        break;
                    default:
                        throw Bad(number, number == 1 ? "the first line must be the header" : "a second header");
                }

                if (trailer is null)
                {
                    hash.AppendData(bytes);
                    hash.AppendData("\n"u8);
                }
            }

            if (buffer.Length > MaxLineBytes)
            {
                throw Bad(number + 1, $"the line is longer than {MaxLineBytes} bytes");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                if (buffer.Length > 0 || trailer is null)
                {
                    throw Bad(number + 1, "the stream ends before its trailer (cut short?)");
                }

                await reader.CompleteAsync();
                return (header!, trailer);
            }
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    private static ExportLine Parse(byte[] line, int number)
    {
        try
        {
            return JsonSerializer.Deserialize<ExportLine>(line, ExportLine.Json) ?? throw Bad(number, "an empty line");
        }
        catch (JsonException e)
        {
            throw Bad(number, $"not a line of an export ({e.Message.Split(" Path:")[0]})");
        }
        catch (NotSupportedException)
        {
            throw Bad(number, "no \"kind\" first, or an unknown kind");
        }
    }

    private static void CheckTrailer(ExportTrailer trailer, Dictionary<string, int> rows, string sha256, int number)
    {
        var counted = string.Join(", ", rows.Where(r => r.Value > 0).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
        var declared = string.Join(", ", trailer.Rows.Where(r => r.Value > 0).OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
        if (counted != declared)
        {
            throw Bad(number, $"the trailer counts {declared} rows, the stream holds {counted}");
        }

        if (!string.Equals(trailer.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(number, "the checksum does not match the lines before it (damaged or changed)");
        }
    }

    private async Task WriteRowsAsync(string scratch, CancellationToken cancellationToken)
    {
        var group = new List<ExportRow>();
        foreach (var line in File.ReadLines(scratch))
        {
            var row = (ExportRow)JsonSerializer.Deserialize<ExportLine>(line, ExportLine.Json)!;
            if (group.Count > 0 && (group[0].Table != row.Table || group[0].PartitionKey != row.PartitionKey || group.Count == TableTransactions.MaxActions))
            {
                await WriteAsync(group, cancellationToken);
                group.Clear();
            }

            group.Add(row);
        }

        if (group.Count > 0)
        {
            await WriteAsync(group, cancellationToken);
        }
    }

    private Task WriteAsync(IReadOnlyList<ExportRow> rows, CancellationToken cancellationToken) =>
        TableTransactions.SubmitAsync(tables.Client(rows[0].Table, rows[0].PartitionKey),
            rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.ToEntity())).ToArray(), cancellationToken);

    private static ProblemException Bad(int line, string why) =>
        new(new Problem(ProblemTypes.InvalidExport, $"Line {line}: {why}. Nothing was imported.")
        {
            Extensions = new Dictionary<string, object?> { ["line"] = line },
        });
}

/// <summary>What an import wrote: the tenant, when its export was taken, and the rows per table.</summary>
public sealed record TenantImported(string TenantId, DateTimeOffset ExportedAt, IReadOnlyDictionary<string, int> Rows);
