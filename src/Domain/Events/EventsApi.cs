using System.Globalization;
using System.Text.Json;
using Sluice.Auth;
using Sluice.Ingestion;
using Sluice.Keys;

namespace Sluice.Events;

/// <summary>
/// <c>GET /api/events</c> (filters: <c>type</c>, <c>from</c>, <c>until</c> on received time; newest first; paged)
/// and <c>GET /api/events/{id}</c>. Read scope; a key only ever sees its own tenant's log.
/// </summary>
public sealed class EventsApi(KeyValidator validator, EventLogReader reader)
{
    public async Task<IResult> ListAsync(HttpRequest request)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        if (access.Problem is { } refused)
        {
            return refused.ToResult();
        }

        var type = request.Query["type"].ToString() is { Length: > 0 } t ? t : null;
        if (type is not null && !EventLimits.TypePattern().IsMatch(type))
        {
            throw new ProblemException(ProblemTypes.MalformedRequest, "type is not a valid event type.");
        }

        var from = Time(request, "from");
        var until = Time(request, "until");
        var cursor = ContinuationToken.Decode(QueryParameters.Continuation(request));
        if (cursor is not null && !cursor.StartsWith(EventRows.LogPrefix, StringComparison.Ordinal))
        {
            throw ContinuationToken.Invalid();
        }

        var (events, next) = await reader.ReadAsync(access.Tenant!.Id, type, from, until, cursor, QueryParameters.Limit(request), request.HttpContext.RequestAborted);
        return JsonResults.Ok(new { items = events.Select(View).ToArray(), continuation = ContinuationToken.Encode(next) });
    }

    public async Task<IResult> GetAsync(HttpRequest request, string eventId)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        if (access.Problem is { } refused)
        {
            return refused.ToResult();
        }

        var stored = EventLimits.IdPattern().IsMatch(eventId)
            ? await reader.FindAsync(access.Tenant!.Id, eventId, request.HttpContext.RequestAborted)
            : null;
        return stored is null
            ? new Problem(ProblemTypes.EventNotFound, $"There is no event '{eventId}' in this tenant's log (yet: processing takes a moment).").ToResult()
            : JsonResults.Ok(View(stored));
    }

    private static object View(StoredEvent e) => new
    {
        e.Id,
        e.Type,
        Payload = JsonSerializer.Deserialize<JsonElement>(e.Payload),
        e.OccurredAt,
        e.ReceivedAt,
    };

    private static DateTimeOffset? Time(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new ProblemException(ProblemTypes.MalformedRequest, $"{name} must be an RFC 3339 timestamp, such as 2026-11-23T12:00:00Z.");
    }
}
