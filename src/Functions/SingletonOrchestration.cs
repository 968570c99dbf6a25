using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Sluice.Functions;

/// <summary>Starts an orchestration under a fixed instance id unless that instance is live: one at a time, app-wide.</summary>
internal static class SingletonOrchestration
{
    /// <summary>Live: a start must not replace it (a second start message would leave the instance stuck pending).</summary>
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <returns>False when the instance is already live.</returns>
    public static async Task<bool> TryStartAsync(DurableTaskClient client, string orchestrator, string instanceId, object? input, CancellationToken cancellationToken)
    {
        if (await IsLiveAsync(client, instanceId, cancellationToken))
        {
            return false;
        }

        try
        {
            // The backend refuses the start atomically if a racing starter got there first.
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId).WithDedupeStatuses(Live), cancellationToken);
            return true;
        }
        catch (Exception)
        {
            if (await IsLiveAsync(client, instanceId, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    private static async Task<bool> IsLiveAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, cancellationToken) is { RuntimeStatus: var status } && Live.Contains(status);
}
