using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Sluice.Functions;

/// <summary>An exception escaping an HTTP function becomes the same problem+json the Server writes (Domain decides which).</summary>
internal sealed class ProblemMiddleware(ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && !http.RequestAborted.IsCancellationRequested)
        {
            if (!await UnhandledExceptions.TryWriteAsync(http, e, logger))
            {
                throw;
            }
        }
    }
}
