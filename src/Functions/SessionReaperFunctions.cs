using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Sluice.Sessions;

namespace Sluice.Functions;

/// <summary>
/// The session reaper: an eternal orchestration (<see cref="EternalOrchestration"/>) running as a singleton under a
/// fixed instance id. A timer trigger starts it when it is not running
/// (first deployment, or after it was terminated).
/// </summary>
public sealed class SessionReaperFunctions(SessionReaper reaper)
{
    public const string InstanceId = "sluice-session-reaper";

    [Function(nameof(StartSessionReaper))]
    public Task StartSessionReaper([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        SingletonOrchestration.TryStartAsync(client, nameof(SessionReaperOrchestration), InstanceId, input: null, cancellationToken);

    [Function(nameof(SessionReaperOrchestration))]
    public static Task SessionReaperOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        EternalOrchestration.TurnAsync(context, nameof(ReapSessions), "Reaping sessions", settings => settings.ReaperInterval);

    [Function(nameof(ReapSessions))]
    public Task<int> ReapSessions([ActivityTrigger] object? input, CancellationToken cancellationToken) => reaper.ReapAsync(cancellationToken);
}
