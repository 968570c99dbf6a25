using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Sluice.Events;
using Sluice.Health;
using Sluice.Ingestion;

using Sluice.Server.Queues;

namespace Sluice.Server.Processing;

/// <summary>
/// Drains the Storage events queue and maps each Domain outcome onto the queue's settlement: done deletes the
/// message, retry makes it visible again after the backoff, dead-letter records it in the dead-letter store with
/// its reason and deletes it. A message is invisible while handled (<see cref="ProcessingOptions.VisibilityTimeout"/>), so if this
/// instance dies mid-way another delivers it again; processing is idempotent. While this instance is accepting
/// events it takes fewer messages at once, as long as the backlog stays short (<see cref="ProcessingPace"/>).
/// </summary>
public sealed partial class EventQueueWorker(
    StorageEventQueue queue,
    ClaimChecks claims,
    DeadLetterStore deadLetters,
    EventBatchProcessor processor,
    EventBatcher ingestion,
    SluiceMetrics metrics,
    IOptions<ProcessingOptions> options,
    ILogger<EventQueueWorker> logger) : StorageQueueWorker(logger)
{
    private readonly ProcessingOptions _options = options.Value;

    protected override QueueClient Queue => queue.Events;

    protected override TimeSpan VisibilityTimeout => _options.VisibilityTimeout;

    protected override int NextBatchSize() => Math.Min(32, ProcessingPace.InFlight(ingestion.Busy, metrics.LastBacklog, _options.Concurrency));

    protected override async Task HandleAsync(QueueMessage[] messages, CancellationToken stoppingToken)
    {
        var outcomes = await processor.ProcessAsync(messages.Select(m => new Delivery(m.Body, (int)m.DequeueCount)).ToArray(), stoppingToken);
        await Task.WhenAll(messages.Select((m, i) => SettleAsync(m, outcomes[i], stoppingToken)));
    }

    private async Task SettleAsync(QueueMessage message, ProcessingOutcome outcome, CancellationToken stoppingToken)
    {
        try
        {
            switch (outcome.Result)
            {
                case ProcessingResult.Done:
                    await queue.Events.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                    await claims.ReleaseAsync(message.Body, stoppingToken);
                    break;
                case ProcessingResult.RetryLater:
                    await queue.Events.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: outcome.RetryAfter, cancellationToken: stoppingToken);
                    break;
                case ProcessingResult.DeadLetter:
                    LogDeadLettered(logger, message.MessageId, outcome.Reason);
                    await deadLetters.AddAsync(message.MessageId, message.InsertedOn.GetValueOrDefault(), message.Body, outcome.Reason ?? "unknown", (int)message.DequeueCount, stoppingToken);
                    await queue.Events.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                    break;
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The message stays invisible until its timeout and is then delivered again.
            LogSettleFailed(logger, message.MessageId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} not settled, it will be delivered again: {Reason}")]
    private static partial void LogSettleFailed(ILogger logger, string messageId, string reason);
}
