using Sluice.Auth;
using Sluice.Keys;

namespace Sluice.Events;

/// <summary>
/// <c>GET /api/events</c> (filters: <c>type</c>, <c>from</c>, <c>until</c> on received time; newest first; paged)
/// and <c>GET /api/events/{id}</c>. Read scope; a key only ever sees its own tenant's log. A page storage is slow
/// to give, or fails to, is answered with its last good answer (<see cref="LastGoodReads"/>).
/// </summary>
public sealed class EventsApi(KeyValidator validator, EventLogReader reader, LastGoodReads lastGood, TimeProvider clock)
{
    private const int RowOverheadBytes = 160;

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
        var tenantId = access.Tenant!.Id;
        var limit = QueryParameters.Limit(request);
        var page = await lastGood.ReadAsync(
            request,
            LastGoodReads.Key("log", tenantId, type, from?.UtcTicks, until?.UtcTicks, cursor, limit),
            token => reader.ReadAsync(tenantId, type, from, until, cursor, limit, token),
            read => read.Events.Sum(e => RowOverheadBytes + 2L * (e.Id.Length + e.Type.Length + e.Payload.Length + e.Cursor.Length)));
        return JsonResults.Ok(page.Select(p => new Listing<EventView>(p.Events.Select(EventView.From).ToArray(), ContinuationToken.Encode(p.NextCursor))), clock);
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
