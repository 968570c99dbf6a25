using System.Text.Json;
using Azure.Storage.Queues.Models;
using Sluice.Ingestion;

namespace Sluice.Events;

/// <summary>
/// Dead letters on the Storage poison queue. Each poison message wraps the original message text with the reason,
/// so a replay sends back exactly what failed.
/// </summary>
public sealed class StorageDeadLetters(StorageEventQueue queue) : IDeadLetters
{
    private const int PeekLimit = 32;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task DeadLetterAsync(QueueMessage message, ProcessingOutcome outcome, CancellationToken cancellationToken)
    {
        var envelope = new PoisonEnvelope(outcome.Reason ?? "unknown", (int)message.DequeueCount, DateTimeOffset.UtcNow, message.Body.ToString());
        await queue.Poison.SendMessageAsync(BinaryData.FromObjectAsJson(envelope, Json), cancellationToken: cancellationToken);
        await queue.Events.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var peeked = await queue.Poison.PeekMessagesAsync(Math.Min(max, PeekLimit), cancellationToken);
        return peeked.Value.Select(m =>
        {
            var envelope = m.Body.ToObjectFromJson<PoisonEnvelope>(Json)!;
            return new DeadLetter(m.MessageId, envelope.Reason, envelope.Attempts, envelope.DeadLetteredAt);
        }).ToArray();
    }

    public async Task<bool> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        // Storage queues delete by pop receipt only, so receive a page, replay the one asked for, release the rest.
        var received = await queue.Poison.ReceiveMessagesAsync(PeekLimit, TimeSpan.FromSeconds(30), cancellationToken);
        var found = false;
        foreach (var message in received.Value)
        {
            if (message.MessageId == id)
            {
                var envelope = message.Body.ToObjectFromJson<PoisonEnvelope>(Json)!;
                await queue.Events.SendMessageAsync(BinaryData.FromString(envelope.Message), cancellationToken: cancellationToken);
                await queue.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                found = true;
            }
            else
            {
                await queue.Poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            }
        }

        return found;
    }

    private sealed record PoisonEnvelope(string Reason, int Attempts, DateTimeOffset DeadLetteredAt, string Message);
}
