using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Storage;

/// <summary>Creates Sluice's tables at start-up, waiting a bounded time for storage to come up.</summary>
public sealed partial class TableInitializer(SluiceTables tables, ILogger<TableInitializer> logger) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                await tables.EnsureCreatedAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (Problems.ExceptionProblems.IsStorageFault(e) && DateTimeOffset.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                LogWaiting(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is not reachable yet ({Reason}); retrying table creation")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
