using Microsoft.Extensions.Hosting;
using Sluice.Ingestion;

using Sluice.Health;

namespace Sluice.Server.Processing;

/// <summary>
/// Samples the events queue's backlog every few seconds for <see cref="SluiceMetrics"/>, so a scrape never waits
/// on storage. Where the transport cannot count (Service Bus: Azure Monitor shows its backlog) the first sample
/// says so and sampling stops, rather than opening a receiver every few seconds for nothing.
/// </summary>
public sealed class BacklogSampler(IEventQueue queue, SluiceMetrics metrics) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                if (await queue.ProbeAsync(stoppingToken) is not { } backlog)
                {
                    return;
                }

                metrics.Backlog(backlog);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Readiness reports the outage (of storage or the broker); the gauge keeps its last sample. A sampler
                // must never stop the host.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
