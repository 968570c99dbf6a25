using System.Text.Json.Nodes;
using Sluice.Functions.Tests.Hosting;
using Sluice.Server.Local;
using Sluice.Server.Tests;

namespace Sluice.Functions.Tests;

/// <summary>
/// The Functions host serves the Server's OpenAPI document as committed (docs/openapi.json, which the Server's own
/// test keeps current), and that document describes exactly the routes and verbs of the HTTP triggers.
/// </summary>
public class ApiDescriptionTests(ServerFixture server) : ServerTests(server)
{
    /// <summary>The Server's scrape endpoint (Application Insights takes its place in Azure).</summary>
    private static readonly HashSet<string> ServerOnly = ["GET /metrics"];

    [Fact]
    public async Task The_Functions_host_serves_the_committed_document()
    {
        using var response = await Host.Client.GetAsync("/" + ApiDescriptionFunctions.DocumentRoute, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepositoryRoot.Find(), "docs", "openapi.json"), Ct), await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task The_document_describes_exactly_the_triggers_routes()
    {
        var paths = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "docs", "openapi.json"), Ct))!["paths"]!.AsObject();
        var described = paths.SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}")).ToHashSet(StringComparer.Ordinal);
        var triggers = HttpTriggerEndpoints.All()
            .Where(f => f.Trigger.Route is not (FallbackFunctions.UnansweredRoute or ApiDescriptionFunctions.DocumentRoute) && f.Name != "Dashboard")
            .SelectMany(f => f.Trigger.Methods!.Select(verb => $"{verb.ToUpperInvariant()} /{(f.Trigger.Route == FallbackFunctions.WelcomeRoute ? "" : f.Trigger.Route)}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(triggers.Except(described).Order(StringComparer.Ordinal));
        Assert.Empty(described.Except(triggers).Except(ServerOnly).Order(StringComparer.Ordinal));
    }
}
