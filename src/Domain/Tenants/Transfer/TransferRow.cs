using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Sluice.Tenants.Transfer;

/// <summary>
/// One stored row of a tenant, as a line of an export: its table, its keys and each property with its type, so an
/// import writes back exactly the row it read (the same keys make a second import overwrite, never duplicate).
/// Secrets stay as they are stored: key hashes, never keys.
/// </summary>
public sealed record TransferRow(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, TypedValue> Properties)
{
    public static TransferRow From(string table, TableEntity entity) => new(table, entity.PartitionKey, entity.RowKey,
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

/// <summary>A property value with the table type it is stored as.</summary>
public sealed record TypedValue(string Type, JsonNode? Value)
{
    public static TypedValue Of(object? value) => value switch
    {
        null => new("Null", null),
        string s => new("String", s),
        int i => new("Int32", i),
        long l => new("Int64", l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        double d => new("Double", d),
        bool b => new("Boolean", b),
        DateTimeOffset at => new("DateTime", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        DateTime at => new("DateTime", new DateTimeOffset(at.ToUniversalTime()).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        Guid g => new("Guid", g.ToString()),
        byte[] bytes => new("Binary", Convert.ToBase64String(bytes)),
        BinaryData data => new("Binary", Convert.ToBase64String(data.ToArray())),
        _ => throw new NotSupportedException($"A table property of type {value.GetType().Name} cannot be exported."),
    };

    public object? ToObject() => Type switch
    {
        "Null" => null,
        "String" => Value!.GetValue<string>(),
        "Int32" => Value!.GetValue<int>(),
        "Int64" => long.Parse(Value!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
        "Double" => Value!.GetValue<double>(),
        "Boolean" => Value!.GetValue<bool>(),
        "DateTime" => DateTimeOffset.Parse(Value!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
        "Guid" => Guid.Parse(Value!.GetValue<string>()),
        "Binary" => Convert.FromBase64String(Value!.GetValue<string>()),
        _ => throw new JsonException($"unknown property type '{Type}'"),
    };
}
