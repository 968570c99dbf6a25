using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

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

/// <summary>
/// One stored row of the tenant: its table, its keys and each property with its type, so an import writes back
/// exactly the row it read (the same keys make a second import overwrite, never duplicate). Secrets stay as they are
/// stored: key hashes, never keys.
/// </summary>
public sealed record ExportRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, TypedValue> Properties) : ExportLine
{
    public static ExportRow From(string table, TableEntity entity) => new(table, entity.PartitionKey, entity.RowKey,
        entity.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            .Order(StringComparer.Ordinal)
            .ToDictionary(k => k, k => TypedValue.Of(entity[k]), StringComparer.Ordinal));

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(PartitionKey, RowKey);
        foreach (var (name, value) in Properties)
        {
            entity[name] = value.ToObject();
        }

        return entity;
    }
}

public sealed record ExportTrailer(IReadOnlyDictionary<string, int> Rows, string Sha256) : ExportLine;
