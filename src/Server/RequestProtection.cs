using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Sluice.Problems;

namespace Sluice.Server;

/// <summary>
/// Every request is bounded twice: at most <c>Sluice:Http:MaxConcurrentRequests</c> run at once (the rest are shed
/// at once with 503 and Retry-After, never queued), and each has a deadline (<c>Sluice:Http:RequestTimeout</c>) after
/// which it answers 503. The systems this replaces queued without bound behind one connection and timed out at 30 s.
/// Health endpoints are exempt from shedding so that probes still answer under load.
/// </summary>
public static class RequestProtection
{
    private const string Unbounded = "unbounded";

    public static void Add(WebApplicationBuilder builder)
    {
        var maxConcurrent = builder.Configuration.GetValue("Sluice:Http:MaxConcurrentRequests", 1024);
        var timeout = builder.Configuration.GetValue("Sluice:Http:RequestTimeout", TimeSpan.FromSeconds(10));
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/health")
                    ? RateLimitPartition.GetNoLimiter(Unbounded)
                    : RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions { PermitLimit = maxConcurrent, QueueLimit = 0 }));
            options.OnRejected = async (context, _) => await Problem.Overloaded(
                "This instance is at its concurrency limit; the request was shed rather than queued.").ToResult().ExecuteAsync(context.HttpContext);
        });
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = timeout,
            WriteTimeoutResponse = context => Problem.StorageUnavailable(
                $"The request did not complete within {timeout.TotalSeconds:0} s; a dependency is slow. Retry later.").ToResult().ExecuteAsync(context),
        });
    }

    public static void Use(WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRouting();
        app.UseRequestTimeouts();
    }
}
