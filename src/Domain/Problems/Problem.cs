namespace Sluice.Problems;

/// <summary>One concrete failure: its type, a human detail and optional machine-readable extensions.</summary>
public sealed record Problem(ProblemType Type, string Detail)
{
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();

    /// <summary>Sent as <c>Retry-After</c> (whole seconds, rounded up) when set.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Sent as <c>WWW-Authenticate</c> on 401s so clients know which scheme to use.</summary>
    public string? Challenge { get; init; }

    public IResult ToResult() => new ProblemResult(this);

    /// <summary>Shedding load rather than queueing: retry in a second.</summary>
    public static Problem Overloaded(string detail) =>
        new(ProblemTypes.Overloaded, detail) { RetryAfter = TimeSpan.FromSeconds(1) };

    /// <summary>Storage is down or slow: retry after <see cref="ExceptionProblems.StorageRetryAfter"/>.</summary>
    public static Problem StorageUnavailable(string detail) =>
        new(ProblemTypes.StorageUnavailable, detail) { RetryAfter = ExceptionProblems.StorageRetryAfter };
}

/// <summary>Thrown by Domain code for an expected failure; hosts turn it into problem+json.</summary>
public sealed class ProblemException(Problem problem) : Exception(problem.Detail)
{
    public Problem Problem { get; } = problem;

    public ProblemException(ProblemType type, string detail) : this(new Problem(type, detail))
    {
    }
}
