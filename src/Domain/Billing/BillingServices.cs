using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Sluice.Health;

namespace Sluice.Billing;

public static class BillingServices
{
    /// <summary>
    /// Stripe's HTTP client: per attempt a timeout; retries with exponential backoff and jitter on 429, 5xx,
    /// timeouts and network errors, waiting what <c>Retry-After</c> says when Stripe says it; and a breaker that
    /// stops calling a Stripe that keeps failing (reconciliation then reports errors and the next run tries again).
    /// </summary>
    public static IServiceCollection AddStripeApi(this IServiceCollection services)
    {
        services.AddSingleton<StripeCircuit>();
        services.AddHttpClient(StripeApi.HttpClientName).AddResilienceHandler("stripe", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<StripeOptions>>().Value;
            var metrics = context.ServiceProvider.GetRequiredService<SluiceMetrics>();
            pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.MaxRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    OnRetry = _ =>
                    {
                        StripeRetries.Record();
                        metrics.StripeRetried();
                        return default;
                    },
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(30),
                    StateProvider = context.ServiceProvider.GetRequiredService<StripeCircuit>().State,
                })
                .AddTimeout(options.CallTimeout);
        });
        services.AddSingleton<StripeApi>();
        return services;
    }
}

/// <summary>The Stripe breaker's state, for <c>/metrics</c>.</summary>
public sealed class StripeCircuit
{
    public CircuitBreakerStateProvider State { get; } = new();
}
