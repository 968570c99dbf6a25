using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Sluice.Sessions;

namespace Sluice.Functions;

/// <summary>
/// The session reaper: an eternal orchestration (reap, durable timer, ContinueAsNew) running as a singleton under a
/// fixed instance id. Each pass reads its interval and retry policy from configuration, and a pass that fails every
/// attempt is logged and waited out, never the end of reaping. A timer trigger starts it when it is not running
/// (first deployment, or after it was terminated).
/// </summary>
public sealed class SessionReaperFunctions(SessionReaper reaper)
{
    public const string InstanceId = "sluice-session-reaper";

    [Function(nameof(StartSessionReaper))]
    public Task StartSessionReaper([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        SingletonOrchestration.TryStartAsync(client, nameof(SessionReaperOrchestration), InstanceId, input: null, cancellationToken);

    [Function(nameof(SessionReaperOrchestration))]
    public static async Task SessionReaperOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var settings = await context.CallActivityAsync<OrchestrationSettings>(nameof(OrchestrationSettingsFunctions.ReadOrchestrationSettings));
        try
        {
            await context.CallActivityAsync<int>(nameof(ReapSessions), options: settings.ActivityRetry());
        }
        catch (TaskFailedException e)
        {
            context.CreateReplaySafeLogger(nameof(SessionReaperOrchestration)).LogError(
                "Reaping sessions failed after {Attempts} attempts ({Failure}); the reaper tries again in {Interval}.",
                settings.ActivityAttempts, e.FailureDetails.ErrorMessage, settings.ReaperInterval);
        }

        await context.CreateTimer(context.CurrentUtcDateTime.Add(settings.ReaperInterval), CancellationToken.None);
        context.ContinueAsNew(newInput: null);
    }

    [Function(nameof(ReapSessions))]
    public Task<int> ReapSessions([ActivityTrigger] object? input, CancellationToken cancellationToken) => reaper.ReapAsync(cancellationToken);
}
