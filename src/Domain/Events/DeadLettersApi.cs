using Sluice.Admin;

namespace Sluice.Events;

/// <summary>Admin: <c>GET /api/admin/dead-letters</c> and <c>POST /api/admin/dead-letters/{id}/replay</c>.</summary>
public sealed class DeadLettersApi(AdminAuthenticator admins, DeadLetterStore deadLetters)
{
    public async Task<IResult> ListAsync(HttpRequest request)
    {
        admins.Authenticate(request);
        return JsonResults.Ok(new ItemList<DeadLetter>(await deadLetters.ListAsync(QueryParameters.Limit(request), request.HttpContext.RequestAborted)));
    }

    public async Task<IResult> ReplayAsync(HttpRequest request, string id)
    {
        admins.Authenticate(request);
        return await deadLetters.ReplayAsync(id, request.HttpContext.RequestAborted)
            ? JsonResults.Accepted(new DeadLetterReplayed(id))
            : new Problem(ProblemTypes.DeadLetterNotFound, $"There is no dead-lettered message '{id}'.").ToResult();
    }
}
