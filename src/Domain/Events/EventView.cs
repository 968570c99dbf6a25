using System.Text.Json;

namespace Sluice.Events;

/// <summary>An event as tenants read it back, through the API and through MCP tools alike.</summary>
public sealed record EventView(string Id, string Type, JsonElement Payload, DateTimeOffset? OccurredAt, DateTimeOffset ReceivedAt)
{
    public static EventView From(StoredEvent stored) =>
        new(stored.Id, stored.Type, JsonSerializer.Deserialize<JsonElement>(stored.Payload), stored.OccurredAt, stored.ReceivedAt);
}
