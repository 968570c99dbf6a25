using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Sluice.Functions;

/// <summary>
/// One turn of an eternal orchestration (the session reaper, event retention): read the settings as they are now,
/// run the pass activity with the configured retry policy, wait the interval on a durable timer, continue as new. A
/// pass that fails every attempt is logged and waited out, never the end of the orchestration.
/// </summary>
internal static class EternalOrchestration
{
    /// <param name="what">The pass, as the log names it ("Reaping sessions").</param>
    public static async Task TurnAsync(TaskOrchestrationContext context, string activity, string what, Func<OrchestrationSettings, TimeSpan> interval)
    {
        var settings = await context.CallActivityAsync<OrchestrationSettings>(nameof(OrchestrationSettingsFunctions.ReadOrchestrationSettings));
        try
        {
            await context.CallActivityAsync(activity, settings.ActivityRetry());
        }
        catch (TaskFailedException e)
        {
            context.CreateReplaySafeLogger(context.Name).LogError(
                "{What} failed after {Attempts} attempts ({Failure}); the orchestration tries again in {Interval}.",
                what, settings.ActivityAttempts, e.FailureDetails.ErrorMessage, interval(settings));
        }

        await context.CreateTimer(context.CurrentUtcDateTime.Add(interval(settings)), CancellationToken.None);
        context.ContinueAsNew(newInput: null);
    }
}
