using Sluice.Auth;
using Sluice.Keys;

namespace Sluice.Events;

/// <summary><c>GET /api/conflicts</c>: the calling tenant's events refused because their id was already taken by other content. Read scope.</summary>
public sealed class ConflictsApi(KeyValidator validator, EventConflicts conflicts)
{
    public async Task<IResult> ListAsync(HttpRequest request)
    {
        var access = await validator.ValidateAsync(request, ApiKeyScope.Read);
        return access.Problem is { } refused
            ? refused.ToResult()
            : JsonResults.Ok(new ItemList<EventConflict>(await conflicts.ListAsync(access.Tenant!.Id, QueryParameters.Limit(request), request.HttpContext.RequestAborted)));
    }
}
