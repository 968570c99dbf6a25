using Sluice.Problems;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Sluice.Server.ApiReference;

/// <summary>
/// Writes each operation's route metadata into the document: its security requirement, the query parameters its
/// handler reads, and one response per problem status, naming every problem type it can answer with there.
/// </summary>
public sealed class OperationAccess : IOpenApiOperationTransformer
{
    /// <summary>What any route under /api or /mcp can meet: load shedding and a storage outage (both with Retry-After).</summary>
    private static readonly ProblemType[] Everywhere = [ProblemTypes.Overloaded, ProblemTypes.StorageUnavailable];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var access = metadata.OfType<ApiAccess>().SingleOrDefault() ?? ApiAccess.Anyone;
        // An empty requirement says "no credentials needed" (OpenAPI 3.1, 4.8.10).
        operation.Security = access.Scheme is { } scheme
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [.. access.Scopes] }]
            : [new OpenApiSecurityRequirement()];

        foreach (var query in metadata.OfType<ApiParameter>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name,
                In = query.InHeader ? ParameterLocation.Header : ParameterLocation.Query,
                Description = query.Description,
                Schema = Schema(query),
            });
        }

        var path = "/" + context.Description.RelativePath;
        var problems = access.Refusals
            .Concat(metadata.OfType<ApiProblems>().SelectMany(p => p.Types))
            .Concat(path.StartsWith("/api/", StringComparison.Ordinal) || path == "/mcp" ? Everywhere : [])
            .Distinct();
        operation.Responses ??= [];
        AddProblemResponses(operation.Responses, problems, context.Document!);

        if (metadata.OfType<ApiAlternativeBody>().SingleOrDefault() is { } alternative && operation.RequestBody?.Content?["application/json"] is { Schema: { } first } json)
        {
            var name = alternative.Type.Name;
            context.Document!.AddComponent(name, await context.GetOrCreateSchemaAsync(alternative.Type, null, cancellationToken));
            json.Schema = new OpenApiSchema { OneOf = [first, new OpenApiSchemaReference(name, context.Document)] };
        }
    }

    /// <summary>One response per status among <paramref name="problems"/>, listing that status's problem types.</summary>
    public static void AddProblemResponses(OpenApiResponses responses, IEnumerable<ProblemType> problems, OpenApiDocument document)
    {
        foreach (var status in problems.GroupBy(p => p.Status).OrderBy(g => g.Key))
        {
            responses[status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(status, document);
        }
    }

    /// <summary>One status's problems: each type's slug and title, and the RFC 9457 body.</summary>
    private static OpenApiResponse ProblemResponse(IEnumerable<ProblemType> problems, OpenApiDocument document) => new()
    {
        Description = string.Join("; ", problems.Select(p => $"`{p.Slug}`: {p.Title}")),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(SluiceDocument.ProblemSchema, document) },
        },
    };

    private static OpenApiSchema Schema(ApiParameter query) => new()
    {
        Type = query.Type == typeof(int) ? JsonSchemaType.Integer : JsonSchemaType.String,
        Format = query.Type == typeof(int) ? "int32" : query.Format,
        Minimum = query.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = query.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Enum = query.Names?.Select(n => (JsonNode)JsonValue.Create(n)!).ToList(),
    };
}
