using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Sluice.Storage;

namespace Sluice.Functions.Tests.Hosting;

/// <summary>
/// Service Bus queues kept on Azurite, for hosts under test (this machine has no Service Bus and no emulator): each
/// Service Bus queue is a storage queue of this test's own, its dead-letter queue another. A message keeps its id,
/// body, content type, application properties and enqueue time; the storage dequeue count is its delivery count.
/// A message too big for a storage message (64 KiB; Service Bus takes 256 KiB) is kept in a blob the queue message
/// names. Not reproduced: duplicate detection (processing is idempotent by event id).
/// </summary>
public sealed class AzuriteServiceBusQueues(QueueServiceClient queues, BlobServiceClient blobs, StorageNames names) : IProvisioned
{
    /// <summary>Below the storage message limit, with room for the envelope.</summary>
    private const int MaxInlineChars = 48 * 1024;

    private const string BlobPrefix = "blob:";

    private BlobContainerClient Bodies => blobs.GetBlobContainerClient($"{names.EventsQueue}-servicebus");

    /// <summary>The storage queue behind a Service Bus queue (<c>events</c>, <c>billing</c>) or its <c>/$DeadLetterQueue</c>.</summary>
    public QueueClient Queue(string serviceBusQueue) => queues.GetQueueClient(serviceBusQueue switch
    {
        ServiceBusEventQueue.QueueName => names.EventsQueue,
        ServiceBusEventQueue.QueueName + DeadLetterSuffix => names.EventsQueue + "-dlq",
        ServiceBusBillingQueue.QueueName => names.BillingQueue,
        ServiceBusBillingQueue.QueueName + DeadLetterSuffix => names.BillingQueue + "-dlq",
        _ => throw new ArgumentException($"No Service Bus queue {serviceBusQueue} in Sluice.", nameof(serviceBusQueue)),
    });

    public const string DeadLetterSuffix = "/$DeadLetterQueue";

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var queue in new[] { ServiceBusEventQueue.QueueName, ServiceBusBillingQueue.QueueName })
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await Queue(queue + DeadLetterSuffix).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await Bodies.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Sends <paramref name="message"/>, invisible for <paramref name="delay"/> (a scheduled message).</summary>
    public async Task SendAsync(string serviceBusQueue, ServiceBusMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var envelope = new JsonObject
        {
            ["id"] = message.MessageId ?? Guid.NewGuid().ToString("N"),
            ["body"] = Convert.ToBase64String(message.Body.ToArray()),
            ["contentType"] = message.ContentType,
            ["enqueued"] = DateTimeOffset.UtcNow,
            ["properties"] = new JsonObject(message.ApplicationProperties.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        }.ToJsonString();
        if (envelope.Length > MaxInlineChars)
        {
            var name = Guid.NewGuid().ToString("N");
            await Bodies.UploadBlobAsync(name, BinaryData.FromString(envelope), cancellationToken);
            envelope = BlobPrefix + name;
        }

        await Queue(serviceBusQueue).SendMessageAsync(envelope, visibilityTimeout: delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellationToken);
    }

    /// <summary>A storage message as the Service Bus trigger would have received it.</summary>
    public async Task<ServiceBusReceivedMessage> ReceivedAsync(QueueMessage stored, CancellationToken cancellationToken)
    {
        var text = stored.Body.ToString();
        if (text.StartsWith(BlobPrefix, StringComparison.Ordinal))
        {
            text = (await Bodies.GetBlobClient(text[BlobPrefix.Length..]).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        }

        var envelope = JsonNode.Parse(text)!.AsObject();
        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromBytes(Convert.FromBase64String(envelope["body"]!.GetValue<string>())),
            messageId: envelope["id"]!.GetValue<string>(),
            contentType: envelope["contentType"]?.GetValue<string>(),
            properties: envelope["properties"]!.AsObject().ToDictionary(p => p.Key, p => FromJson(p.Value!)),
            lockTokenGuid: Guid.NewGuid(),
            deliveryCount: (int)stored.DequeueCount,
            enqueuedTime: envelope["enqueued"]!.GetValue<DateTimeOffset>());
    }

    private static JsonNode? ToJson(object value) => value switch
    {
        int number => number,
        long number => number,
        bool flag => flag,
        _ => value.ToString(),
    };

    private static object FromJson(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Number when value.AsValue().TryGetValue<int>(out var number) => number,
        JsonValueKind.Number => value.GetValue<long>(),
        JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        _ => value.GetValue<string>(),
    };
}
