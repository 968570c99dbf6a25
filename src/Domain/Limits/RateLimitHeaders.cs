using System.Globalization;

namespace Sluice.Limits;

/// <summary>
/// Rate-limit headers on every ingest answer: <c>RateLimit-Limit</c> (events per minute),
/// <c>RateLimit-Remaining</c> (tokens left, as this instance last knew them), <c>RateLimit-Reset</c> (seconds until
/// the bucket is full again), and <c>Sluice-Warning</c> once a tenant is past 90% of its limit.
/// </summary>
public static class RateLimitHeaders
{
    public static void Apply(HttpResponse response, LimitDecision decision)
    {
        var perSecond = decision.Limit / 60.0;
        var reset = perSecond > 0 ? Math.Ceiling((decision.Limit - decision.Remaining) / perSecond) : 0;
        response.Headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Policy"] = $"{decision.Limit};w=60";
        if (decision.NearLimit)
        {
            var used = 100 - decision.Remaining * 100 / Math.Max(1, decision.Limit);
            response.Headers["Sluice-Warning"] = $"rate limit {used}% used ({decision.Limit} events per minute); slow down";
        }
    }
}
