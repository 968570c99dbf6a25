using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace Sluice.Auth;

/// <summary>
/// Failed credentials per client address: an unknown API key or a wrong admin token. Each address may fail
/// <see cref="AuthOptions.FailedAttemptsBurst"/> times and then <see cref="AuthOptions.FailedAttemptsPerMinute"/> a
/// minute; past that, every credential it presents is refused with 429 and <c>Retry-After</c> before it is checked,
/// so guessing admin tokens or keys, or walking unknown tenant ids (a storage read each), goes no faster than that.
/// The address is the connection's, or the one the platform's front end forwarded (Azure Functions); an IPv6 client
/// counts by its /64, which one subscriber usually holds whole.
/// </summary>
public sealed class FailedCredentials : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly PartitionedRateLimiter<string> _turns = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetConcurrencyLimiter(address, _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 100_000 }));
    private readonly TimeSpan _regainOne;

    public FailedCredentials(IOptions<AuthOptions> options)
    {
        var o = options.Value;
        _regainOne = TimeSpan.FromMinutes(1.0 / o.FailedAttemptsPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.FailedAttemptsBurst,
            TokensPerPeriod = o.FailedAttemptsPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>The 429 for an address that has used up its failures, or null.</summary>
    public Problem? Refusal(HttpContext context)
    {
        // A whole permit must be back: the bucket refills continuously, and a fraction of one is not another guess.
        if (_limiter.GetStatistics(AddressOf(context)) is not { CurrentAvailablePermits: < 1 })
        {
            return null;
        }

        return new Problem(ProblemTypes.TooManyFailedAttempts,
            "Too many unknown API keys or wrong admin tokens came from this address; no credential from it is checked until Retry-After.")
        {
            RetryAfter = _regainOne,
        };
    }

    public void Record(HttpContext context) => _limiter.AttemptAcquire(AddressOf(context)).Dispose();

    /// <summary>
    /// Waits for this address's turn at a check whose outcome is not known yet (a storage read), so that its failures
    /// are counted one after another and the limit cannot be outrun by concurrency. Dispose to end the turn.
    /// </summary>
    public async Task<IDisposable> TakeTurnAsync(HttpContext context) =>
        await _turns.AcquireAsync(AddressOf(context), 1, context.RequestAborted);

    public void Dispose()
    {
        _limiter.Dispose();
        _turns.Dispose();
    }

    private static string AddressOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
