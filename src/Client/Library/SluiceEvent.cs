using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Client;

/// <summary>
/// One event to send. Its <see cref="Id"/> is chosen by the client (a new time-ordered one unless given), so that
/// every retry of it, by this process or a later one draining the outbox, is the same event to the server.
/// </summary>
public sealed record SluiceEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("payload")] JsonElement Payload,
    [property: JsonPropertyName("occurredAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? OccurredAt = null)
{
    public static SluiceEvent Create(string type, JsonElement payload, string? id = null, DateTimeOffset? occurredAt = null) =>
        new(id ?? NewId(), type, payload.Clone(), occurredAt);

    public static SluiceEvent Create<T>(string type, T payload, string? id = null, DateTimeOffset? occurredAt = null) =>
        Create(type, JsonSerializer.SerializeToElement(payload), id, occurredAt);

    /// <summary>"c" and a version 7 GUID: unique, and ordered by creation time.</summary>
    public static string NewId() => "c" + Guid.CreateVersion7().ToString("N");
}
