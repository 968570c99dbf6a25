using System.Text.Json;

namespace Sluice.Ingestion;

/// <summary>
/// Reads the body of <c>POST /api/events</c>: one event object, or <c>{"events": [...]}</c>. A batch is
/// all-or-nothing: one invalid event rejects the request with a 422 naming every bad field by index, and nothing
/// is accepted.
/// </summary>
public static class EventRequestReader
{
    public static IReadOnlyList<EventEnvelope> Read(JsonDocument body, string tenantId, DateTimeOffset now)
    {
        var root = new FieldReader(body);
        var items = root.Has("events") ? root.Objects("events", EventLimits.MaxEventsPerRequest) ?? [] : [root];
        var events = new List<EventEnvelope>(items.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var id = item.Token("id", EventLimits.IdPattern(), $"1 to {EventLimits.MaxIdLength} letters, digits or . _ : - starting with a letter or digit");
            var type = item.Token("type", EventLimits.TypePattern(), $"1 to {EventLimits.MaxTypeLength} letters, digits or . _ : / - starting with a letter or digit", required: true);
            var payload = item.RawJson("payload", EventLimits.MaxPayloadBytes, required: true);
            var occurredAt = item.Timestamp("occurredAt", now - EventLimits.MaxPast, now + EventLimits.MaxFuture);
            if (id is not null && !ids.Add(id))
            {
                item.Error("id", "repeats an id used earlier in this request");
            }

            if (type is not null && payload is not null)
            {
                events.Add(new EventEnvelope(tenantId, id ?? EventIds.New(now), type, payload, occurredAt, now));
            }
        }

        root.ThrowIfInvalid(ProblemTypes.InvalidEvents);
        return events;
    }
}
