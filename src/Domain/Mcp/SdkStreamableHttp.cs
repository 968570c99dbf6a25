using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Mcp;

/// <summary>
/// The MCP SDK's own Streamable HTTP POST handler, configured stateless. The SDK exposes it only through
/// <c>MapMcp</c> on an endpoint route builder, which the Functions host does not have; so this maps it once onto a
/// private builder and keeps the POST endpoint's delegate, which both hosts then call behind <see cref="McpEndpoint"/>.
/// </summary>
public sealed class SdkStreamableHttp
{
    private readonly RequestDelegate _post;

    public SdkStreamableHttp(IServiceProvider services)
    {
        var builder = new EndpointCollector(services);
        builder.MapMcp();
        _post = builder.DataSources.SelectMany(source => source.Endpoints)
            .Single(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true)
            .RequestDelegate ?? throw new InvalidOperationException("MapMcp mapped a POST endpoint without a request delegate.");
    }

    /// <summary>Serves one JSON-RPC message from the request body (validation, dispatch, response stream).</summary>
    public Task PostAsync(HttpContext context) => _post(context);

    private sealed class EndpointCollector(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}
