using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Sluice.Problems;
using Sluice.Storage;

namespace Sluice.Server.Processing;

/// <summary>
/// The receive loop every Storage-queue worker shares: take a few messages (each invisible to other instances for
/// the visibility timeout), hand them over, back off while the queue is empty, wait out a storage outage.
/// </summary>
public abstract partial class StorageQueueWorker(ILogger logger) : BackgroundService
{
    private static readonly TimeSpan MinIdleDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxIdleDelay = TimeSpan.FromSeconds(1);

    protected abstract QueueClient Queue { get; }

    protected abstract TimeSpan VisibilityTimeout { get; }

    /// <summary>How many messages to take next (1 to 32, the service's limit).</summary>
    protected abstract int NextBatchSize();

    /// <summary>Handles and settles the messages; a message it leaves unsettled is delivered again after its timeout.</summary>
    protected abstract Task HandleAsync(QueueMessage[] messages, CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Receiving and settling are processing too: they wait for the adaptive limit and go through processing's breakers.
        StorageWork.MarkProcessing();
        var idle = MinIdleDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = (await Queue.ReceiveMessagesAsync(NextBatchSize(), VisibilityTimeout, stoppingToken)).Value;
                if (messages.Length == 0)
                {
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxIdleDelay.Ticks));
                    continue;
                }

                idle = MinIdleDelay;
                await HandleAsync(messages, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever happens, the loop goes on: an exception leaving a BackgroundService stops the whole host.
                if (ExceptionProblems.IsStorageFault(e))
                {
                    LogQueueDown(logger, Queue.Name, e.Message);
                }
                else
                {
                    LogReceiveFailed(logger, Queue.Name, e);
                }

                await Task.Delay(MaxIdleDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} unreachable: {Reason}")]
    private static partial void LogQueueDown(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiving from queue {Queue} failed; trying again")]
    private static partial void LogReceiveFailed(ILogger logger, string queue, Exception exception);
}
