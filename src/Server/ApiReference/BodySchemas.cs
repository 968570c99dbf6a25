using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Sluice.Server.ApiReference;

/// <summary>
/// Schema details the generator cannot infer: the wire names an enum-valued string takes, and that a request body
/// admits no other fields (Domain refuses unknown fields with 422).
/// </summary>
public sealed class BodySchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(WireNamesAttribute), inherit: false) is [WireNamesAttribute names, ..])
        {
            var target = schema.Items as OpenApiSchema ?? schema;
            target.Enum = names.Names.Select(n => (JsonNode)JsonValue.Create(n)!).ToList();
        }

        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type.Namespace == typeof(BodySchemas).Namespace)
        {
            schema.AdditionalPropertiesAllowed = false;
        }

        return Task.CompletedTask;
    }
}
