using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Configuration;
using Sluice.Functions.Tests.Hosting;
using Sluice.Server;

namespace Sluice.Functions.Tests;

/// <summary>One route table for both hosts: every route the Server maps has a Functions HTTP trigger with the same verbs and template, and the other way round.</summary>
public class RouteTableTests(AzuriteFixture storage)
{
    /// <summary>
    /// Routes one host has by design (docs/functions.md): the Server's scrape endpoint and browsable API reference; the
    /// Functions catch-all that answers the Server's 404 and 405 problems (the Server's routing and status-code pages
    /// do that); the dashboard, at /admin in the Server and /dashboard in Functions, whose host keeps /admin.
    /// </summary>
    private static readonly HashSet<string> ServerOnly =
    [
        "GET /metrics", "GET /reference/{documentName?}", "GET /reference/scalar.js", "GET /reference/scalar.aspnetcore.js", "GET /reference/favicon.svg",
        "GET /admin/{**page}", "POST /admin/{**page}",
    ];

    private static readonly HashSet<string> FunctionsOnly =
        ["DELETE /{*path}", "GET /{*path}", "PATCH /{*path}", "POST /{*path}", "PUT /{*path}", "GET /dashboard/{*page}", "POST /dashboard/{*page}"];

    [Fact]
    public void Every_Server_route_has_a_Functions_trigger_with_the_same_verbs_and_template_and_back()
    {
        var server = ServerRoutes();
        var functions = FunctionsRoutes();

        Assert.Empty(server.Except(functions).Except(ServerOnly).Order(StringComparer.Ordinal));
        Assert.Empty(functions.Except(server).Except(FunctionsOnly).Order(StringComparer.Ordinal));
        Assert.True(server.Count > 25, $"only {server.Count} Server routes found");
    }

    [Theory]
    [InlineData("runtime/webhooks/durabletask/instances/sluice-session-reaper", false)]
    [InlineData("runtime", false)]
    [InlineData("admin/host/status", false)]
    [InlineData("api/nope", true)]
    [InlineData("administrators", true)]
    public void The_catch_all_never_answers_the_hosts_own_routes(string path, bool answered)
    {
        var pattern = RoutePatternFactory.Parse(FallbackFunctions.UnansweredRoute);
        var parameter = Assert.Single(pattern.Parameters);
        var regex = Assert.Single(parameter.ParameterPolicies).Content!;
        var constraint = new RegexRouteConstraint(regex[("regex(".Length)..^1]);

        Assert.Equal(answered, constraint.Match(null, null, parameter.Name, new RouteValueDictionary { [parameter.Name] = path }, RouteDirection.IncomingRequest));
    }

    private HashSet<string> ServerRoutes()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sluice:Storage:ConnectionString"] = storage.ConnectionString,
            ["Sluice:Admin:Tokens:tester"] = SluiceHost.AdminToken,
        });
        ServerApp.Configure(builder);
        var app = builder.Build();
        ServerApp.Map(app);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(verb => $"{verb} /{endpoint.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> FunctionsRoutes() =>
        HttpTriggerEndpoints.All()
            .SelectMany(function => function.Trigger.Methods!.Select(verb => $"{verb.ToUpperInvariant()} /{function.Trigger.Route switch
            {
                FallbackFunctions.UnansweredRoute => "{*path}",
                FallbackFunctions.WelcomeRoute => "",
                var route => route,
            }}"))
            .ToHashSet(StringComparer.Ordinal);
}
