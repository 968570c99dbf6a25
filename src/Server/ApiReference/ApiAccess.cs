using Sluice.Problems;
using Sluice.Keys;

namespace Sluice.Server.ApiReference;

/// <summary>
/// Who may call an operation, as the OpenAPI document shows it: its security scheme and the problems that refuse a
/// caller without it. Attached to each route as endpoint metadata.
/// </summary>
public sealed record ApiAccess(string? Scheme, IReadOnlyList<string> Scopes, IReadOnlyList<ProblemType> Refusals)
{
    public const string TenantKeyScheme = "tenantKey";
    public const string AdminTokenScheme = "adminToken";
    public const string StripeSignatureScheme = "stripeSignature";

    public static readonly ApiAccess Anyone = new(null, [], []);

    public static readonly ApiAccess AdminToken = new(AdminTokenScheme, [], [ProblemTypes.MissingAdminToken, ProblemTypes.InvalidAdminToken, ProblemTypes.TooManyFailedAttempts]);

    public static readonly ApiAccess StripeSignature = new(StripeSignatureScheme, [], [ProblemTypes.InvalidSignature, ProblemTypes.StaleSignature]);

    public static ApiAccess TenantKey(ApiKeyScope scope) => new(TenantKeyScheme, [Http.WireEnum.Name(scope)],
    [
        ProblemTypes.MissingKey, ProblemTypes.MalformedKey, ProblemTypes.UnknownKey, ProblemTypes.RevokedKey,
        ProblemTypes.InsufficientScope, ProblemTypes.TenantSuspended, ProblemTypes.TooManyFailedAttempts,
    ]);
}

/// <summary>The problems an operation answers besides those of its access.</summary>
public sealed record ApiProblems(IReadOnlyList<ProblemType> Types);

/// <summary>A query or header parameter the handler reads itself, so the generator cannot see it.</summary>
public sealed record ApiParameter(string Name, string Description, Type Type, bool InHeader = false, string? Format = null, int? Minimum = null, int? Maximum = null, IReadOnlyList<string>? Names = null);

/// <summary>A second shape the request body may take (the document offers both, as <c>oneOf</c>).</summary>
public sealed record ApiAlternativeBody(Type Type);
