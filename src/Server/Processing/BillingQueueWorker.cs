using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Sluice.Billing;
using Sluice.Events;

using Sluice.Server.Queues;

namespace Sluice.Server.Processing;

/// <summary>
/// Drains the Storage billing queue: done deletes the message, retry makes it visible again after the backoff,
/// dead-letter deletes it (its ledger entry, marked failed with the reason, is where an admin finds and replays it).
/// Stripe events are few; one message at a time keeps them in arrival order as far as a queue allows.
/// </summary>
public sealed partial class BillingQueueWorker(
    StorageBillingQueue queue, BillingProcessor processor, IOptions<ProcessingOptions> options, ILogger<BillingQueueWorker> logger) : StorageQueueWorker(logger)
{
    protected override QueueClient Queue => queue.Queue;

    protected override TimeSpan VisibilityTimeout => options.Value.VisibilityTimeout;

    protected override int NextBatchSize() => 1;

    protected override Task HandleAsync(QueueMessage[] messages, CancellationToken stoppingToken) => HandleAsync(messages[0], stoppingToken);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe event {EventId} failed for good (ledger entry marked failed): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string eventId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing message {MessageId} not settled, it will be delivered again: {Reason}")]
    private static partial void LogSettleFailed(ILogger logger, string messageId, string reason);
}
