using Sluice.Auth;

namespace Sluice.Admin;

/// <summary>
/// Checks the admin token (<see cref="NamedTokens"/>: constant time, every token compared). Wrong tokens count
/// against the caller's address (<see cref="FailedCredentials"/>), so guessing goes no faster than its limit.
/// </summary>
public sealed class AdminAuthenticator(IOptions<AdminOptions> options, FailedCredentials failures)
{
    private readonly NamedTokens _tokens = new(options.Value.Tokens);

    /// <summary>The actor holding the presented token; throws a 401 problem otherwise.</summary>
    public string Authenticate(HttpRequest request)
    {
        var presented = BearerToken.From(request);
        if (presented is null)
        {
            throw Refuse(ProblemTypes.MissingAdminToken, "Send the admin token as 'Authorization: Bearer <token>'.");
        }

        return ActorFor(request.HttpContext, presented)
            ?? throw Refuse(ProblemTypes.InvalidAdminToken, "The admin token is not valid (send it as 'Authorization: Bearer <token>').");
    }

    /// <summary>
    /// The actor holding <paramref name="token"/>, or null (counted as a failure of the caller's address): the API's
    /// check, and the dashboard's at sign-in. An address past its limit gets the 429 problem, thrown.
    /// </summary>
    public string? ActorFor(HttpContext context, string token)
    {
        if (failures.Refusal(context) is { } blocked)
        {
            throw new ProblemException(blocked);
        }

        if (_tokens.NameOf(token) is { } actor)
        {
            return actor;
        }

        failures.Record(context);
        return null;
    }

    private static ProblemException Refuse(ProblemType type, string detail) =>
        new(new Problem(type, detail) { Challenge = "Bearer" });
}
