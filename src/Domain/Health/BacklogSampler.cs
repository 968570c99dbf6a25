using Microsoft.Extensions.Hosting;
using Sluice.Ingestion;

namespace Sluice.Health;

/// <summary>
/// Samples the events queue's backlog every few seconds for <see cref="SluiceMetrics"/>, so a scrape never waits
/// on storage. (Where the transport cannot count, Service Bus's own metrics show the backlog.)
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
                if (await queue.ProbeAsync(stoppingToken) is { } backlog)
                {
                    metrics.Backlog(backlog);
                }
            }
            catch (Exception e) when (ExceptionProblems.IsStorageFault(e) && !stoppingToken.IsCancellationRequested)
            {
                // Readiness reports the outage; the gauge keeps its last sample.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
