using System.Diagnostics;
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
/// events it yields to them, as long as the backlog stays young and short (<see cref="ProcessingPace"/>).
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
    private static readonly TimeSpan RestStep = TimeSpan.FromMilliseconds(100);

    private readonly ProcessingOptions _options = options.Value;

    protected override QueueClient Queue => queue.Events;

    protected override TimeSpan VisibilityTimeout => _options.VisibilityTimeout;

    protected override int NextBatchSize() => Math.Min(32, ProcessingPace.InFlight(ingestion.Pressed, metrics.LastBacklog, _options.Concurrency));

    protected override async Task HandleAsync(QueueMessage[] messages, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var deliveries = messages.Select(m => new Delivery(m.Body, (int)m.DequeueCount, m.InsertedOn ?? DateTimeOffset.UtcNow)).ToArray();
        var outcomes = await processor.ProcessAsync(deliveries, stoppingToken);
        await Task.WhenAll(messages.Select((m, i) => SettleAsync(m, outcomes[i], stoppingToken)));
        var lag = DateTimeOffset.UtcNow - deliveries.Min(d => d.Enqueued);
        await RestAsync(ProcessingPace.RestAfter(Stopwatch.GetElapsedTime(started), ingestion.Pressed, lag, _options.MaxLagWhileAccepting), stoppingToken);
    }

    /// <summary>Rests in short steps, so that processing takes its whole share again as soon as requests stop.</summary>
    private async Task RestAsync(TimeSpan rest, CancellationToken stoppingToken)
    {
        while (rest > TimeSpan.Zero && ingestion.Pressed)
        {
            var step = rest < RestStep ? rest : RestStep;
            await Task.Delay(step, stoppingToken);
            rest -= step;
        }
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
