using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Problems;

namespace Sluice.Storage;

/// <summary>
/// Creates Sluice's tables. Tries once at start-up; if storage is down then, the host starts anyway (answering
/// 503 until storage returns) and creation is retried in the background, so an outage at deploy time does not
/// become a crash loop.
/// </summary>
public sealed partial class TableInitializer(SluiceTables tables, ILogger<TableInitializer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    /// <summary>True once every table exists.</summary>
    public bool Ready { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tables.EnsureCreatedAsync(cancellationToken);
            Ready = true;
        }
        catch (Exception e) when (ExceptionProblems.IsStorageFault(e) && !cancellationToken.IsCancellationRequested)
        {
            LogWaiting(logger, e.Message);
            _retries = RetryUntilCreatedAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryUntilCreatedAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stopping);
                await tables.EnsureCreatedAsync(stopping);
                Ready = true;
                LogCreated(logger);
                return;
            }
            catch (Exception e) when (ExceptionProblems.IsStorageFault(e) && !stopping.IsCancellationRequested)
            {
                LogWaiting(logger, e.Message);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is not reachable ({Reason}); tables will be created when it is")]
    private static partial void LogWaiting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage reachable again; tables created")]
    private static partial void LogCreated(ILogger logger);
}
