using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Storage;

/// <summary>
/// Creates every <see cref="IProvisioned"/> resource (tables, and the Server's queues). Tries once at start-up; if storage is down then, the host starts anyway (answering
/// 503 until storage returns) and creation is retried in the background, so an outage at deploy time does not
/// become a crash loop.
/// </summary>
public sealed partial class StorageInitializer(IEnumerable<IProvisioned> resources, ILogger<StorageInitializer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    /// <summary>True once every resource exists.</summary>
    public bool Ready { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCreatedAsync(cancellationToken);
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

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in resources)
        {
            await resource.EnsureCreatedAsync(cancellationToken);
        }
    }

    private async Task RetryUntilCreatedAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, stopping);
                await EnsureCreatedAsync(stopping);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is not reachable ({Reason}); storage resources will be created when it is")]
    private static partial void LogWaiting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage reachable again; storage resources created")]
    private static partial void LogCreated(ILogger logger);
}
