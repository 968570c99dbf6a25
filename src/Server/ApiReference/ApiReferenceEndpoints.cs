using System.Text.Json.Serialization;
using Scalar.AspNetCore;

namespace Sluice.Server.ApiReference;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, generated from the routes and their descriptions
/// (<see cref="RouteDescriptions"/>), and a browsable reference over it at <c>/reference</c>. docs/openapi.json is the
/// committed copy; a test fails when it is stale.
/// </summary>
public static class ApiReferenceEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/reference";

    public static void Add(IServiceCollection services)
    {
        // The schemas follow the host's JSON options: numbers are numbers (Domain reads no quoted numbers).
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer<SluiceDocument>();
            options.AddOperationTransformer<OperationAccess>();
            options.AddSchemaTransformer<BodySchemas>();
        });
    }

    public static void Map(WebApplication app)
    {
        // One document, at the path the Functions host serves its committed copy from.
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(ReferencePath, options => options.WithTitle("Sluice API").WithOpenApiRoutePattern(DocumentPath));
    }
}
