using Microsoft.DurableTask;

namespace Sluice.Functions;

/// <summary>
/// What an orchestration needs from configuration, fetched by an activity: orchestrator code must be deterministic
/// and cannot read configuration itself, but an activity's result is recorded, so a replay sees what the run saw.
/// </summary>
public sealed record OrchestrationSettings(TimeSpan ReaperInterval, TimeSpan RetentionInterval, int ActivityAttempts, TimeSpan FirstRetryDelay)
{
    /// <summary>A method, not a property: the record crosses the activity boundary as JSON, and a policy does not serialize.</summary>
    public TaskOptions ActivityRetry() => TaskOptions.FromRetryPolicy(new RetryPolicy(ActivityAttempts, FirstRetryDelay, backoffCoefficient: 2));
}
