using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Events;

namespace Sluice.Functions.Tests;

/// <summary>
/// What the Service Bus triggers decide, on real <see cref="ServiceBusReceivedMessage"/>s: every message of a batch is
/// settled exactly once, whatever fails; a retry is a scheduled copy, never a sleep.
/// </summary>
public class QueueSettlementTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mixed_batch_is_settled_once_per_message_and_a_failing_clean_up_after_complete_settles_nothing_twice()
    {
        var broker = new RecordingSettler();
        var messages = new[] { Message("done"), Message("later", deliveryCount: 2), Message("poison"), Message("done-dirty") };
        var outcomes = new[] { ProcessingOutcome.Done, ProcessingOutcome.Retry(TimeSpan.FromDays(1), "storage busy"), ProcessingOutcome.DeadLetter("bad body"), ProcessingOutcome.Done };
        var cleaned = new List<string>();

        await Settlement(broker).SettleAsync("events", messages, outcomes, broker, "processing-failed", (message, _) =>
        {
            cleaned.Add(message.MessageId);
            return message.MessageId == "done-dirty" ? throw new InvalidOperationException("claim store down") : Task.CompletedTask;
        }, Ct);

        Assert.Equal(
            [("done", "complete"), ("done-dirty", "complete"), ("later", "complete"), ("poison", "dead-letter")],
            broker.Settlements.OrderBy(s => s.MessageId, StringComparer.Ordinal));
        Assert.Equal(["done", "done-dirty"], cleaned.Order(StringComparer.Ordinal));
        var (queue, copy, at) = Assert.Single(broker.Scheduled);
        Assert.Equal("events", queue);
        Assert.Equal(Now + TimeSpan.FromDays(1), at);
        Assert.Equal("later~2", copy.MessageId);
        Assert.Equal(messages[1].Body.ToArray(), copy.Body.ToArray());
        Assert.Equal(2, copy.ApplicationProperties[QueueSettlement.EarlierAttemptsProperty]);
    }

    [Fact]
    public async Task A_copy_delivered_later_counts_the_attempts_before_it()
    {
        var broker = new RecordingSettler();
        await Settlement(broker).SettleAsync("events", [Message("m", deliveryCount: 3)], [ProcessingOutcome.Retry(TimeSpan.FromSeconds(30), "storage busy")], broker, "processing-failed", NoCleanUp, Ct);
        var copy = broker.Scheduled.Single().Message;

        var redelivered = Message(copy.MessageId, deliveryCount: 1, properties: copy.ApplicationProperties);
        Assert.Equal(4, QueueSettlement.Attempt(redelivered));

        await Settlement(broker).SettleAsync("events", [redelivered], [ProcessingOutcome.Retry(TimeSpan.FromSeconds(30), "storage busy")], broker, "processing-failed", NoCleanUp, Ct);
        Assert.Equal("m~3~4", broker.Scheduled[1].Message.MessageId);
        Assert.Equal(4, broker.Scheduled[1].Message.ApplicationProperties[QueueSettlement.EarlierAttemptsProperty]);
    }

    [Fact]
    public async Task A_retry_that_cannot_be_scheduled_is_abandoned_once()
    {
        var broker = new RecordingSettler { SchedulingFails = true };
        await Settlement(broker).SettleAsync("billing", [Message("evt_1")], [ProcessingOutcome.Retry(TimeSpan.FromMinutes(5), "storage busy")], broker, "billing-failed", NoCleanUp, Ct);

        Assert.Equal([("evt_1", "abandon")], broker.Settlements);
        Assert.Empty(broker.Scheduled);
    }

    [Theory]
    [InlineData("complete")]
    [InlineData("dead-letter")]
    [InlineData("abandon")]
    public async Task A_lost_lock_is_logged_not_retried_and_nothing_escapes_to_the_host(string failing)
    {
        var broker = new RecordingSettler { Failing = { failing }, SchedulingFails = failing == "abandon" };
        var cleaned = 0;
        var outcome = failing switch
        {
            "complete" => ProcessingOutcome.Done,
            "dead-letter" => ProcessingOutcome.DeadLetter("bad"),
            _ => ProcessingOutcome.Retry(TimeSpan.FromSeconds(1), "storage busy"),
        };

        await Settlement(broker).SettleAsync("events", [Message("m")], [outcome], broker, "processing-failed", (_, _) => Task.FromResult(cleaned++), Ct);

        Assert.Equal([("m", failing)], broker.Settlements);
        Assert.Equal(0, cleaned); // a claim is released only once its message is known to be completed
    }

    private static Task NoCleanUp(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    private static QueueSettlement Settlement(RecordingSettler broker) => new(broker, new TestClock(Now), NullLogger<QueueSettlement>.Instance);

    internal static ServiceBusReceivedMessage Message(string id, int deliveryCount = 1, IDictionary<string, object>? properties = null) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString($"{{\"id\":\"{id}\"}}"),
            messageId: id,
            properties: properties,
            lockTokenGuid: Guid.NewGuid(),
            deliveryCount: deliveryCount,
            enqueuedTime: Now.AddMinutes(-1));
}
