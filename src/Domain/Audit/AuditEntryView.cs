using System.Text.Json;

namespace Sluice.Audit;

/// <summary>An audit entry as the API shows it: before and after as JSON objects, not as escaped strings.</summary>
public sealed record AuditEntryView(string TenantId, DateTimeOffset At, string Actor, string Action, string Target, JsonElement? Before, JsonElement? After)
{
    public static AuditEntryView Of(AuditEntry entry) =>
        new(entry.TenantId, entry.At, entry.Actor, entry.Action, entry.Target, Parse(entry.Before), Parse(entry.After));

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
