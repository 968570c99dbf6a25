using System.Net.Sockets;
using Azure;
using Polly.CircuitBreaker;
using Polly.RateLimiting;

namespace Sluice.Problems;

/// <summary>
/// Maps an exception that escaped a handler onto the problem the client sees. Expected failures become their own
/// problem; storage faults become 503 with Retry-After; anything else is a 500 that says nothing about internals.
/// </summary>
public static class ExceptionProblems
{
    public static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(5);

    public static Problem FromException(Exception exception) => exception switch
    {
        ProblemException p => p.Problem,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new Problem(ProblemTypes.PayloadTooLarge, "The request body is larger than this endpoint accepts."),
        BadHttpRequestException => new Problem(ProblemTypes.MalformedRequest, "The request could not be read."),
        DependencyUnavailableException d => Problem.StorageUnavailable($"{d.Dependency} did not answer; retry later."),
        _ when IsStorageFault(exception) => Problem.StorageUnavailable("Storage did not answer in time; retry later."),
        _ => new Problem(ProblemTypes.Internal, "An unexpected error occurred; it has been logged."),
    };

    /// <summary>True for failures of the storage dependency itself, as opposed to a bug in our use of it.</summary>
    public static bool IsStorageFault(Exception exception) => exception switch
    {
        DependencyUnavailableException => true,
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        // Tables and queues are created at start-up; until then storage is not ready: a dependency fault, not a bug.
        RequestFailedException { ErrorCode: "TableNotFound" or "QueueNotFound" or "ContainerNotFound" } => true,
        RequestFailedException => false,
        HttpRequestException or TimeoutException => true,
        // The socket itself failing; HttpClient usually wraps this, but not always (a connection reset while it is
        // being set up escapes raw, and once stopped the Server's queue worker and with it the host: chaos suite).
        SocketException or IOException => true,
        // Our own storage pipeline failing fast: the breaker is open, or the dependency's bulkhead is full.
        BrokenCircuitException or RateLimiterRejectedException => true,
        // The SDK reports its own network timeout as a cancellation; callers rule out client aborts first.
        OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsStorageFault),
        _ => exception.InnerException is { } inner && IsStorageFault(inner),
    };
}
