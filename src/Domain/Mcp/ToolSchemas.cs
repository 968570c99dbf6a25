using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Mcp;

/// <summary>
/// Tool schemas as every MCP client can read them. The SDK describes "any JSON" (an event's payload) with the
/// boolean schema <c>true</c>; JSON Schema allows it, but MCP's own schema wants an object for each property, and the
/// TypeScript SDK refuses the whole tool list over it. <c>{}</c> means the same and is an object.
/// </summary>
public static class ToolSchemas
{
    public static JsonElement WithObjectSubschemas(JsonElement schema)
    {
        var root = JsonNode.Parse(schema.GetRawText());
        Rewrite(root, isSchemaMap: false);
        return JsonSerializer.SerializeToElement(root);
    }

    /// <param name="isSchemaMap">The node maps names to schemas (<c>properties</c>, <c>$defs</c>), so each value is a schema.</param>
    private static void Rewrite(JsonNode? node, bool isSchemaMap)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Rewrite(item, isSchemaMap: false);
            }
        }
        else if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(pair => pair.Key).ToList())
            {
                var value = obj[name];
                var isSchema = isSchemaMap || name is "items" or "additionalProperties";
                if (isSchema && value is JsonValue flag && flag.GetValueKind() == JsonValueKind.True)
                {
                    obj[name] = new JsonObject();
                }
                else
                {
                    Rewrite(value, isSchemaMap: !isSchemaMap && name is "properties" or "$defs" or "definitions");
                }
            }
        }
    }
}
