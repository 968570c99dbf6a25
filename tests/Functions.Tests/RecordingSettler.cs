using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace Sluice.Functions.Tests;

/// <summary>
/// Records every settlement call and every scheduled copy, as the extension's message actions and the broker would
/// receive them; can be told to fail a kind of call (a lost lock, a broker that is down).
/// </summary>
public sealed class RecordingSettler : IMessageSettler, IMessageRescheduler
{
    private readonly ConcurrentQueue<(string MessageId, string Settlement)> _settlements = new();
    private readonly ConcurrentQueue<(string Queue, ServiceBusMessage Message, DateTimeOffset At)> _scheduled = new();

    /// <summary>Settlements ("complete", "abandon", "dead-letter") that throw instead, as a lost lock makes them.</summary>
    public HashSet<string> Failing { get; } = [];

    public bool SchedulingFails { get; set; }

    public IReadOnlyList<(string MessageId, string Settlement)> Settlements => _settlements.ToList();

    public IReadOnlyList<(string Queue, ServiceBusMessage Message, DateTimeOffset At)> Scheduled => _scheduled.ToList();

    public Task CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => Record(message, "complete");

    public Task AbandonAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken) => Record(message, "abandon");

    public Task DeadLetterAsync(ServiceBusReceivedMessage message, string reason, string? description, CancellationToken cancellationToken) =>
        Record(message, $"dead-letter");

    public Task ScheduleAsync(string queue, ServiceBusMessage message, DateTimeOffset deliverAt, CancellationToken cancellationToken)
    {
        if (SchedulingFails)
        {
            throw new ServiceBusException("the namespace is unreachable", ServiceBusFailureReason.ServiceCommunicationProblem);
        }

        _scheduled.Enqueue((queue, message, deliverAt));
        return Task.CompletedTask;
    }

    private Task Record(ServiceBusReceivedMessage message, string settlement)
    {
        _settlements.Enqueue((message.MessageId, settlement));
        return Failing.Contains(settlement)
            ? Task.FromException(new ServiceBusException("The lock supplied is invalid.", ServiceBusFailureReason.MessageLockLost))
            : Task.CompletedTask;
    }
}
