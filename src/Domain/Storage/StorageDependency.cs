using System.Net.Sockets;
using System.Threading.RateLimiting;
using Azure.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;

namespace Sluice.Storage;

/// <summary>
/// One storage dependency (tables, queues or blobs) and its Polly pipeline, applied to every call of that client:
/// a bulkhead (at most <c>concurrency</c> calls at once, the rest refused at once rather than queued), retries of
/// transient faults only (timeouts, 408/429/5xx, broken connections) with exponential backoff and jitter, and a
/// circuit breaker that fails calls fast while the dependency is down. Each dependency has its own, so a slow
/// queue cannot starve table reads, and each has one for requests and one for processing (<see cref="Work"/>).
/// </summary>
public sealed class StorageDependency
{
    public const string Requests = "requests";
    public const string Processing = "processing";

    private static readonly ResiliencePropertyKey<HttpMessage> MessageKey = new("sluice.storage.message");

    public StorageDependency(string name, string work, int concurrency, TimeProvider clock)
    {
        Name = name;
        Work = work;
        var builder = new ResiliencePipelineBuilder<HttpMessage> { TimeProvider = clock, Name = $"storage-{name}-{work}" };
        builder.AddConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = concurrency, QueueLimit = 0 });
        builder.AddRetry(new RetryStrategyOptions<HttpMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Context, args.Outcome)),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Context, args.Outcome)),
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = TimeSpan.FromSeconds(5),
            StateProvider = Breaker,
        });
        Pipeline = builder.Build();
    }

    public string Name { get; }

    /// <summary><see cref="Requests"/> or <see cref="Processing"/>.</summary>
    public string Work { get; }

    public CircuitBreakerStateProvider Breaker { get; } = new();

    public ResiliencePipeline<HttpMessage> Pipeline { get; }

    /// <summary>Runs one storage call (all its attempts) through the pipeline.</summary>
    public async ValueTask SendAsync(HttpMessage message, Func<HttpMessage, ValueTask> attempt)
    {
        var context = ResilienceContextPool.Shared.Get(message.CancellationToken);
        context.Properties.Set(MessageKey, message);
        try
        {
            await Pipeline.ExecuteAsync(static async (ResilienceContext _, (HttpMessage Message, Func<HttpMessage, ValueTask> Attempt) state) =>
            {
                if (state.Message.HasResponse)
                {
                    // A retry: free the previous attempt's connection and count it, as Azure.Core's own retry policy does.
                    state.Message.Response.ContentStream?.Dispose();
                    var processing = state.Message.ProcessingContext; // a view that writes through to the message
                    processing.RetryNumber++;
                }

                await state.Attempt(state.Message);
                return state.Message;
            }, context, (message, attempt));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Transient: a timeout or broken connection (also a raw socket error, which HttpClient does not always wrap), or a response the SDK classifies as retriable (408, 429, 5xx).</summary>
    private static bool IsTransient(ResilienceContext context, Outcome<HttpMessage> outcome)
    {
        var message = context.Properties.GetValue(MessageKey, null!);
        if (outcome.Exception is { } exception)
        {
            return exception is not (BrokenCircuitException or RateLimiterRejectedException)
                   && !message.CancellationToken.IsCancellationRequested
                   && (exception is SocketException || message.ResponseClassifier.IsRetriable(message, exception));
        }

        return message.HasResponse && message.Response.IsError && message.ResponseClassifier.IsRetriableResponse(message);
    }
}
