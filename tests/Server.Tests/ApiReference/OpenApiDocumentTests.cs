using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.ApiReference;
using Sluice.Server.Local;

namespace Sluice.Server.Tests.ApiReference;

/// <summary>
/// The OpenAPI document: the committed copy (docs/openapi.json, which the Functions host serves) is the one the
/// Server generates, and it describes every route the Server maps, with who may call it and what it answers.
/// </summary>
public class OpenApiDocumentTests(ServerFixture server) : ServerTests(server)
{
    /// <summary>Set to 1 to write the generated document over the committed copy instead of failing.</summary>
    private const string UpdateVariable = "SLUICE_UPDATE_OPENAPI";

    public static string CommittedPath => Path.Combine(RepositoryRoot.Find(), "docs", "openapi.json");

    [Fact]
    public async Task The_committed_document_is_the_one_the_Server_generates()
    {
        var generated = Indented(await Host.Client.GetStringAsync(ApiReferenceEndpoints.DocumentPath, Ct));
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, generated, Ct);
        }

        Assert.True(generated == Indented(await File.ReadAllTextAsync(CommittedPath, Ct)),
            $"docs/openapi.json is stale. Regenerate it: {UpdateVariable}=1 dotnet test tests/Server.Tests --filter OpenApiDocumentTests");
    }

    [Fact]
    public async Task Every_route_is_described_with_who_may_call_it_and_what_it_answers()
    {
        var paths = JsonNode.Parse(await Host.Client.GetStringAsync(ApiReferenceEndpoints.DocumentPath, Ct))!["paths"]!.AsObject();
        var routes = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith(ApiReferenceEndpoints.ReferencePath, StringComparison.Ordinal)
                && !e.RoutePattern.RawText.StartsWith(ApiRoutes.DashboardPath + "/", StringComparison.Ordinal)
                && e.RoutePattern.RawText != ApiReferenceEndpoints.DocumentPath)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(verb => (Path: "/" + e.RoutePattern.RawText!.TrimStart('/'), Verb: verb.ToLowerInvariant())))
            .ToList();

        Assert.True(routes.Count > 25, $"only {routes.Count} routes found");
        foreach (var (path, verb) in routes)
        {
            var operation = paths[path]?[verb]?.AsObject();
            Assert.True(operation is not null, $"{verb} {path} is not in the document");
            Assert.False(string.IsNullOrEmpty(operation["operationId"]?.GetValue<string>()), $"{verb} {path} has no operationId");
            Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{verb} {path} has no summary");
            Assert.True(operation["security"] is JsonArray { Count: > 0 }, $"{verb} {path} does not say who may call it");
            Assert.NotEmpty(operation["tags"]!.AsArray());
            var responses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            Assert.True(responses.Any(r => r.StartsWith('2')) || path == "/mcp" && verb == "get", $"{verb} {path} describes no success");
            foreach (var parameter in path.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')))
            {
                Assert.Contains(operation["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == parameter && p["in"]!.GetValue<string>() == "path");
            }
        }
    }

    [Fact]
    public async Task Each_route_lists_the_problems_it_answers_with_their_types()
    {
        var document = JsonNode.Parse(await Host.Client.GetStringAsync(ApiReferenceEndpoints.DocumentPath, Ct))!;
        var send = document["paths"]!["/api/events"]!["post"]!["responses"]!;

        Assert.Contains("`invalid-events`", send["422"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("`rate-limited`", send["429"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("`unknown-key`", send["401"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("#/components/schemas/Problem", send["401"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        var types = document["components"]!["schemas"]!["Problem"]!["properties"]!["type"]!["enum"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Contains(ProblemTypes.QuotaExceeded.Uri, types);
        Assert.Equal(["tenantKey"], document["paths"]!["/api/usage"]!["get"]!["security"]![0]!.AsObject().Select(s => s.Key));
        Assert.Equal(["adminToken"], document["paths"]!["/api/admin/tenants"]!["post"]!["security"]![0]!.AsObject().Select(s => s.Key));
        Assert.Equal(["stripeSignature"], document["paths"]!["/api/webhooks/stripe"]!["post"]!["security"]![0]!.AsObject().Select(s => s.Key));
    }

    private static string Indented(string json) =>
        JsonSerializer.Serialize(JsonNode.Parse(json), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
