using System.Text.Json;

namespace Sluice.Mcp;

/// <summary>
/// Checks a call's arguments against the types the tool's own input schema declares. The SDK binds arguments to .NET
/// parameters and reports a mismatch only as "An error occurred invoking …"; this names the argument and what it
/// must be, as the HTTP API does for a bad query parameter.
/// </summary>
public static class ToolArguments
{
    /// <returns>Why the arguments do not fit, or null when they do (or the schema does not say).</returns>
    public static string? Mismatch(JsonElement inputSchema, IDictionary<string, JsonElement>? arguments)
    {
        if (inputSchema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            && required.EnumerateArray().Select(r => r.GetString()!).FirstOrDefault(name => arguments?.ContainsKey(name) != true) is { } missing)
        {
            return $"{missing} is required.";
        }

        if (arguments is null || !inputSchema.TryGetProperty("properties", out var properties))
        {
            return null;
        }

        foreach (var (name, value) in arguments)
        {
            if (properties.TryGetProperty(name, out var property) && property.TryGetProperty("type", out var type) && !Fits(value, type))
            {
                return $"{name} must be {Expected(type)}, not {Actual(value)}.";
            }
        }

        return null;
    }

    private static bool Fits(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => Fits(value, t.GetString()))
        : Fits(value, type.GetString());

    private static bool Fits(JsonElement value, string? type) => type switch
    {
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Expected(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.GetString())))
        : Article(type.GetString());

    private static string Article(string? type) => type switch
    {
        "integer" => "an integer",
        "object" or "array" => $"an {type}",
        "null" => "null",
        _ => $"a {type}",
    };

    private static string Actual(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Shortened(value.GetRawText())}",
        JsonValueKind.Number => $"the number {Shortened(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => $"an {value.ValueKind.ToString().ToLowerInvariant()}",
    };

    private static string Shortened(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
