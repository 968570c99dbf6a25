using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Tenants.Transfer;

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
