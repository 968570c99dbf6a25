using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using System.Text.Json;

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
                options.Filters.Request.ListToolsFilters.Add(next => async (request, cancellationToken) =>
                {
                    var listed = await next(request, cancellationToken);
                    foreach (var tool in listed.Tools)
                    {
                        tool.OutputSchema = tool.OutputSchema is { } schema ? ToolSchemas.WithObjectSubschemas(schema) : null;
                    }

                    return listed;
                });
                options.Filters.Request.CallToolFilters.Add(next => async (request, cancellationToken) =>
                {
                    // Expected failures (bad arguments, an unknown id) are answers, not faults: returned as tool errors
                    // that say why, never thrown (the SDK logs what a tool throws as an unhandled error).
                    if (request.MatchedPrimitive is McpServerTool tool && ToolArguments.Mismatch(tool.ProtocolTool.InputSchema, request.Params?.Arguments) is { } mismatch)
                    {
                        return ToolError(mismatch);
                    }

                    try
                    {
                        return await next(request, cancellationToken);
                    }
                    catch (ProblemException e)
                    {
                        return ToolError(e.Problem.Detail);
                    }
                });
            })
            .WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<EventTools>(ToolJson);
        services.AddSingleton<SdkStreamableHttp>();
        services.AddSingleton<McpEndpoint>();
        return services;
    }

    /// <summary>
    /// How tool results are written: every property always (a null continuation or occurredAt is null, not absent:
    /// the output schema lists them as required), and text as a person reads it (quotes and accents, not \u escapes).
    /// </summary>
    private static readonly JsonSerializerOptions ToolJson = new(McpJsonUtilities.DefaultOptions)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static CallToolResult ToolError(string? why) => new() { IsError = true, Content = [new TextContentBlock { Text = why ?? "The call failed." }] };
}
