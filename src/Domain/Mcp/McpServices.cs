using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace Sluice.Mcp;

/// <summary>Registers the MCP SDK's server (stateless: sessions are Sluice's own) with the Sluice tools.</summary>
public static class McpServices
{
    public static IServiceCollection AddSluiceMcp(this IServiceCollection services)
    {
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "sluice", Version = typeof(McpServices).Assembly.GetName().Version?.ToString(3) ?? "1.0.0" };
                options.ServerInstructions = "Tools over one Sluice tenant's event log (the tenant of the API key): search it, read recent events or one event, and see usage against the plan's limits.";
                options.Filters.Request.CallToolFilters.Add(next => async (request, cancellationToken) =>
                {
                    try
                    {
                        return await next(request, cancellationToken);
                    }
                    catch (ProblemException e)
                    {
                        // The SDK reports an McpException's message to the caller and hides any other exception's.
                        throw new McpException(e.Problem.Detail, e);
                    }
                });
            })
            .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<EventTools>();
        services.AddSingleton<SdkStreamableHttp>();
        services.AddSingleton<McpEndpoint>();
        return services;
    }
}
