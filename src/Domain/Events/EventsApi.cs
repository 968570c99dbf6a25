using Sluice.Auth;
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

        var type = EventFilters.Type(request.Query["type"]);
        var (from, until) = EventFilters.Range(request.Query["from"], request.Query["until"]);
        var cursor = EventFilters.Cursor(QueryParameters.Continuation(request));
        var (events, next) = await reader.ReadAsync(access.Tenant!.Id, type, from, until, cursor, QueryParameters.Limit(request), request.HttpContext.RequestAborted);
        return JsonResults.Ok(new Listing<EventView>(events.Select(EventView.From).ToArray(), ContinuationToken.Encode(next)));
    }

    public async Task<IResult> GetAsync(HttpRequest request, string eventId)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        if (access.Problem is { } refused)
        {
            return refused.ToResult();
        }

        return JsonResults.Ok(EventView.From(await reader.GetAsync(access.Tenant!.Id, eventId, request.HttpContext.RequestAborted)));
    }
}
