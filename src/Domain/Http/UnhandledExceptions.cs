using Microsoft.Extensions.Logging;

namespace Sluice.Http;

/// <summary>
/// The last line of the error contract, shared by both hosts: whatever escapes a handler is answered as
/// problem+json, never as a stack trace; only unexpected failures are logged as errors.
/// </summary>
public static partial class UnhandledExceptions
{
    /// <summary>False when nothing can be written (the client went away or the response already started).</summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
        {
            return false;
        }

        var problem = ExceptionProblems.FromException(exception);
        switch (problem.Type.Status)
        {
            case >= 500 when problem.Type == ProblemTypes.Internal:
                LogUnexpected(logger, context.Request.Method, context.Request.Path, exception);
                break;
            case >= 500:
                LogDependency(logger, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
                break;
        }

        context.Response.Clear();
        await problem.ToResult().ExecuteAsync(context);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency failure on {Method} {Path}: {Kind}: {Reason}")]
    private static partial void LogDependency(ILogger logger, string method, PathString path, string kind, string reason);
}
