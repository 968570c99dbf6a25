using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Sluice.Sessions;

namespace Sluice.Functions;

/// <summary>
/// The session reaper: an eternal orchestration (reap, durable timer, ContinueAsNew) running as a singleton under a
/// fixed instance id. A timer trigger starts it when it is not running (first deployment, or after it failed).
/// </summary>
public sealed class SessionReaperFunctions(SessionReaper reaper, IOptions<SessionOptions> options)
{
    public const string InstanceId = "sluice-session-reaper";
    private static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));

    [Function("StartSessionReaper")]
    public Task StartSessionReaper([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        SingletonOrchestration.TryStartAsync(client, nameof(SessionReaperOrchestration), InstanceId, options.Value.ReaperInterval, cancellationToken);

    [Function(nameof(SessionReaperOrchestration))]
    public static async Task SessionReaperOrchestration([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var interval = context.GetInput<TimeSpan>();
        await context.CallActivityAsync<int>(nameof(ReapSessions), options: ActivityRetry);
        await context.CreateTimer(context.CurrentUtcDateTime.Add(interval), CancellationToken.None);
        context.ContinueAsNew(interval);
    }

    [Function(nameof(ReapSessions))]
    public Task<int> ReapSessions([ActivityTrigger] object? input, CancellationToken cancellationToken) => reaper.ReapAsync(cancellationToken);
}
