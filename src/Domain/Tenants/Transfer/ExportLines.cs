using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Tenants.Transfer;

/// <summary>
/// The lines of a tenant export (NDJSON): a header, one line per stored row, and a trailer with the number of rows per
/// table and the SHA-256 of every line before it, so an import can tell a whole stream from a damaged or cut one.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ExportHeader), "header")]
[JsonDerivedType(typeof(ExportRow), "row")]
[JsonDerivedType(typeof(ExportTrailer), "trailer")]
public abstract record ExportLine
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

public sealed record ExportHeader(string Format, int Version, string TenantId, DateTimeOffset ExportedAt) : ExportLine
{
    public const string FormatName = "sluice-tenant";
    public const int CurrentVersion = 1;
}

public sealed record ExportRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, TypedValue> Properties) : ExportLine
{
    public static ExportRow Of(TransferRow row) => new(row.Table, row.PartitionKey, row.RowKey, row.Properties);

    public TransferRow ToRow() => new(Table, PartitionKey, RowKey, Properties);
}

public sealed record ExportTrailer(IReadOnlyDictionary<string, int> Rows, string Sha256) : ExportLine;
