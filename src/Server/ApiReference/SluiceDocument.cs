using Sluice.Problems;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Sluice.Server.ApiReference;

/// <summary>
/// The document's own parts: what Sluice is, its three ways in (tenant key, admin token, Stripe's signature) and the
/// RFC 9457 problem every error answers with, its <c>type</c> one of <see cref="ProblemTypes"/>.
/// </summary>
public sealed class SluiceDocument : IOpenApiDocumentTransformer
{
    public const string ProblemSchema = "Problem";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Sluice",
            Version = "v1",
            Description = "A multi-tenant event pipeline: tenants send events with an API key, read them back, and let agents read them over MCP. "
                + "202 means durably queued: every accepted event reaches the tenant's log exactly once. Every error is RFC 9457 "
                + "`application/problem+json` with a stable `type` (docs/problems.md).",
            License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://github.com/sluice/sluice") },
        };

        // Relative to wherever the document is served, so one committed copy fits every deployment.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document" }];

        document.Tags = ApiTags.Descriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }).ToHashSet();
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiAccess.TenantKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A tenant's API key, issued by an admin and shown once: `Authorization: Bearer <key>`. Its scopes (ingest, read) decide what it may do.",
            },
            [ApiAccess.AdminTokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An operator's admin token (`Sluice:Admin:Tokens`): `Authorization: Bearer <token>`. Each change is audited under the token's name.",
            },
            [ApiAccess.StripeSignatureScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Stripe-Signature",
                Description = "Stripe's HMAC-SHA256 signature of the raw body under a webhook signing secret (`Sluice:Stripe:WebhookSecrets`), at most 300 s old.",
            },
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Paths.Add(MetricsEndpoint.Path, WithRefusals(Metrics(document), document));
        return Task.CompletedTask;
    }

    /// <summary>The Prometheus scrape endpoint is a plain request delegate, which the generator does not list.</summary>
    private static OpenApiPathItem Metrics(OpenApiDocument document) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = "getMetrics",
                Summary = "Prometheus metrics (OpenTelemetry), with a metrics token (Sluice:Metrics:Tokens) or an admin token",
                Tags = new HashSet<OpenApiTagReference> { new(ApiTags.Health, document) },
                Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiAccess.AdminTokenScheme, document)] = [] }],
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse
                    {
                        Description = "The metrics in Prometheus' text format",
                        Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
                    },
                },
            },
        },
    };

    private static OpenApiPathItem WithRefusals(OpenApiPathItem metrics, OpenApiDocument document)
    {
        OperationAccess.AddProblemResponses(metrics.Operations![HttpMethod.Get].Responses!, ApiAccess.AdminToken.Refusals, document);
        return metrics;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. Switch on `type`; `detail` is for people.",
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The kind of failure, stable once published.",
                Enum = typeof(ProblemTypes).GetFields().Where(f => f.FieldType == typeof(ProblemType))
                    .Select(f => (JsonNode)JsonValue.Create(((ProblemType)f.GetValue(null)!).Uri)!).ToList(),
            },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The type's title." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong this time, and what to do." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, for the operator's logs." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation problems only: each bad field (`events[3].type`) and what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
