using Microsoft.Extensions.Hosting;

namespace Sluice.Limits;

/// <summary>Every second, gives back the unused tokens of this instance's expired leases (<see cref="TenantLimiter.SettleExpiredAsync"/>).</summary>
public sealed class LeaseSettler(TenantLimiter limiter) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await limiter.SettleExpiredAsync(stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A settler must never stop the host; the tokens wait for the next pass or the next lease.
            }
        }
    }
}
