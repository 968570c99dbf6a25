using System.Globalization;
using System.Text.Json;

namespace Sluice.Client;

/// <summary>An event as the log keeps it.</summary>
public sealed record StoredEvent(string Id, string Type, JsonElement Payload, DateTimeOffset? OccurredAt, DateTimeOffset ReceivedAt);

/// <summary>One page of the log, newest first; pass <see cref="Continuation"/> back for the next.</summary>
public sealed record EventPage(IReadOnlyList<StoredEvent> Items, string? Continuation);

/// <summary>This month so far: accepted counts against the quota, processed is what reached the log.</summary>
public sealed record Usage(string TenantId, string Plan, string Month, long Accepted, long Processed, long MonthlyQuota, int EventsPerMinute);

/// <summary>Read-back filters; all optional.</summary>
public sealed record EventQuery(string? Type = null, DateTimeOffset? From = null, DateTimeOffset? Until = null, int? Limit = null, string? Continuation = null)
{
    public string ToQueryString()
    {
        var parts = new List<string>();
        Add("type", Type);
        Add("from", From?.ToString("O", CultureInfo.InvariantCulture));
        Add("until", Until?.ToString("O", CultureInfo.InvariantCulture));
        Add("limit", Limit?.ToString(CultureInfo.InvariantCulture));
        Add("continuation", Continuation);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
    }
}
