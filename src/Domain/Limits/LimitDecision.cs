namespace Sluice.Limits;

/// <summary>The answer to "may this tenant send n more events now", with the figures for the rate-limit headers.</summary>
public sealed record LimitDecision(bool Allowed, int Limit, int Remaining, TimeSpan RetryAfter, Problem? Refusal)
{
    /// <summary>Past 90% of the per-minute limit: the client should slow down before it is refused.</summary>
    public bool NearLimit => Remaining < Limit / 10.0;
}
