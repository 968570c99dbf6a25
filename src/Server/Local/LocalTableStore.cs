using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sluice.Problems;

namespace Sluice.Server.Local;

/// <summary>
/// The local Azurite's table store against the most Azurite can save. Azurite keeps every table in one JSON file and
/// serializes it as one string on every save (every 5 s); V8 cannot build a string over 2^29 - 24 characters (512
/// MiB), and a save past that aborts the process with a V8 fatal error (measured with Azurite's LokiJS), losing the
/// writes since the last save. So from <see cref="LimitKey"/> (384 MiB; the remaining 128 MiB hold about 100,000
/// events more, room for a backlog already accepted) the local Server refuses new events with
/// 503 and Retry-After, which clients answer by keeping the events and sending them again later, and readiness says
/// why; from three quarters of it readiness warns.
/// </summary>
public sealed class LocalTableStore(string file, long limitBytes, TimeProvider clock)
{
    public const string LimitKey = "Sluice:Local:TableStoreLimitMiB";
    public const int DefaultLimitMiB = 384;

    /// <summary>V8's longest string, 2^29 - 24 characters: the largest table file Azurite can save.</summary>
    public const int AzuriteCeilingMiB = 512;

    private const string Remedy = "Shorten retention (Sluice__Plans__<Plan>__RetentionDays) so the retention pass deletes old events, or stop the Server and delete its data directory to start over.";

    private static readonly TimeSpan Staleness = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private long _bytes;
    private DateTimeOffset _measuredAt = DateTimeOffset.MinValue;

    /// <summary>The table file's size, measured at most once a second (a request should not pay for a stat).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                var now = clock.GetUtcNow();
                if (now - _measuredAt >= Staleness)
                {
                    var info = new FileInfo(file);
                    _bytes = info.Exists ? info.Length : 0;
                    _measuredAt = now;
                }

                return _bytes;
            }
        }
    }

    public bool Full => Bytes >= limitBytes;

    public HealthCheckResult Health()
    {
        var bytes = Bytes;
        var size = string.Create(CultureInfo.InvariantCulture, $"Azurite's table file is {bytes / 1048576.0:N0} MiB of the {limitBytes / 1048576.0:N0} MiB at which new events are refused (Azurite aborts past {AzuriteCeilingMiB} MiB)");
        return bytes >= limitBytes ? HealthCheckResult.Unhealthy($"{size}; new events are refused. {Remedy}")
            : bytes >= limitBytes / 4 * 3 ? HealthCheckResult.Degraded($"{size}. {Remedy}")
            : HealthCheckResult.Healthy(size + ".");
    }

    /// <summary>Answers a new event with 503 while the store is full; anything else goes on.</summary>
    public async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/events", out var rest) && !rest.HasValue && Full)
        {
            await Problem.StorageUnavailable($"The local store is full: {Health().Description}").ToResult().ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
