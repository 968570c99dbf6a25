using Sluice.Mcp;

namespace Sluice.Functions;

/// <summary>
/// <c>/mcp</c>, as in the Server: <see cref="McpEndpoint"/> writes the whole response itself (problem+json, or the
/// SDK's JSON-RPC stream), so the function returns an <see cref="EmptyResult"/>, which the ASP.NET Core integration
/// executes as nothing. Sessions live in Table Storage, so any instance serves any session.
/// </summary>
public sealed class McpFunctions(McpEndpoint mcp)
{
    [Function("Mcp")]
    public async Task<IActionResult> Mcp([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "delete", Route = "mcp")] HttpRequest request)
    {
        await mcp.HandleAsync(request.HttpContext);
        return new EmptyResult();
    }
}
