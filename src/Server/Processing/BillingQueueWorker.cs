using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Sluice.Billing;
using Sluice.Events;
using Sluice.Problems;

namespace Sluice.Server.Processing;

/// <summary>
/// Drains the Storage billing queue: done deletes the message, retry makes it visible again after the backoff,
/// dead-letter deletes it (its ledger entry, marked failed with the reason, is where an admin finds and replays it).
/// Stripe events are few; one message at a time keeps them in arrival order as far as a queue allows.
/// </summary>
public sealed partial class BillingQueueWorker(
    StorageBillingQueue queue, BillingProcessor processor, IOptions<ProcessingOptions> options, ILogger<BillingQueueWorker> logger) : BackgroundService
{
    private static readonly TimeSpan MaxIdleDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(50);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = (await queue.Queue.ReceiveMessagesAsync(1, options.Value.VisibilityTimeout, stoppingToken)).Value;
                if (messages.Length == 0)
                {
                    await Task.Delay(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxIdleDelay.Ticks));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(50);
                await HandleAsync(messages[0], stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && ExceptionProblems.IsStorageFault(e))
            {
                LogStorageDown(logger, e.Message);
                await Task.Delay(MaxIdleDelay, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await processor.ProcessAsync(message.Body, (int)message.DequeueCount, stoppingToken);
            if (outcome.Result == ProcessingResult.RetryLater)
            {
                await queue.Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: outcome.RetryAfter, cancellationToken: stoppingToken);
                return;
            }

            if (outcome.Result == ProcessingResult.DeadLetter)
            {
                LogDeadLettered(logger, message.Body.ToString(), outcome.Reason);
            }

            await queue.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogSettleFailed(logger, message.MessageId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing queue unreachable: {Reason}")]
    private static partial void LogStorageDown(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe event {EventId} failed for good (ledger entry marked failed): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string eventId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing message {MessageId} not settled, it will be delivered again: {Reason}")]
    private static partial void LogSettleFailed(ILogger logger, string messageId, string reason);
}
