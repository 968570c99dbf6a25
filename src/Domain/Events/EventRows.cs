using System.Globalization;
using Azure.Data.Tables;
using Sluice.Ingestion;

namespace Sluice.Events;

/// <summary>
/// The two rows an event is stored as: <c>id_{eventId}</c> in a guard partition, the idempotency guard naming the
/// batch that owns the event and its log row, and <c>t_{inverted received ticks}_{eventId}</c> in a log partition,
/// the log row, so a partition reads newest first (<see cref="EventShards"/>).
/// </summary>
public static class EventRows
{
    public const string GuardPrefix = "id_";
    public const string LogPrefix = "t_";
    private const int PayloadChunkBytes = 64 * 1024;

    public static string GuardRow(string eventId) => GuardPrefix + eventId;

    public static string LogRow(DateTimeOffset receivedAt, string eventId) => $"{LogPrefix}{Inverted(receivedAt)}_{eventId}";

    /// <summary>The log row key bound for a time: rows received at or after <paramref name="at"/> sort before it.</summary>
    public static string LogBound(DateTimeOffset at) => $"{LogPrefix}{Inverted(at)}";

    public static TableEntity Guard(EventEnvelope e, string batchId) =>
        new(EventShards.GuardPartitionOf(e.TenantId, e.Id), GuardRow(e.Id))
        {
            ["BatchId"] = batchId,
            ["LogRow"] = LogRow(e.ReceivedAt, e.Id),
            ["Digest"] = EventDigest.Of(e),
        };

    public static TableEntity Log(EventEnvelope e, string batchId)
    {
        var entity = new TableEntity(EventShards.LogPartitionOf(e.TenantId, e.Id), LogRow(e.ReceivedAt, e.Id))
        {
            ["EventId"] = e.Id,
            ["Type"] = e.Type,
            ["OccurredAt"] = e.OccurredAt,
            ["ReceivedAt"] = e.ReceivedAt,
            ["BatchId"] = batchId,
        };

        // A string property holds 32K characters; payloads up to 256 KiB are kept as 64 KiB binary chunks.
        var payload = System.Text.Encoding.UTF8.GetBytes(e.Payload);
        for (int offset = 0, chunk = 0; offset < payload.Length; offset += PayloadChunkBytes, chunk++)
        {
            entity[$"Payload{chunk}"] = payload.AsMemory(offset, Math.Min(PayloadChunkBytes, payload.Length - offset)).ToArray();
        }

        return entity;
    }

    public static StoredEvent ToEvent(TableEntity log)
    {
        using var payload = new MemoryStream();
        for (var chunk = 0; log.GetBinary($"Payload{chunk}") is { } bytes; chunk++)
        {
            payload.Write(bytes);
        }

        return new StoredEvent(
            log.GetString("EventId"),
            log.GetString("Type"),
            System.Text.Encoding.UTF8.GetString(payload.GetBuffer(), 0, (int)payload.Length),
            log.GetDateTimeOffset("OccurredAt"),
            log.GetDateTimeOffset("ReceivedAt")!.Value,
            log.RowKey);
    }

    private static string Inverted(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}

/// <summary>An event read back from the log. <see cref="Cursor"/> is its log row key, used for paging.</summary>
public sealed record StoredEvent(string Id, string Type, string Payload, DateTimeOffset? OccurredAt, DateTimeOffset ReceivedAt, string Cursor);
