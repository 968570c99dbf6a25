using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Sluice.Functions;

/// <summary>Starts an orchestration under a fixed instance id unless that instance is running: one at a time, app-wide.</summary>
internal static class SingletonOrchestration
{
    /// <returns>False when the instance is already running.</returns>
    public static async Task<bool> TryStartAsync(DurableTaskClient client, string orchestrator, string instanceId, object input, CancellationToken cancellationToken)
    {
        if (await IsRunningAsync(client, instanceId, cancellationToken))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return true;
        }
        catch (Exception)
        {
            // Another starter may have won the race between the check and the schedule.
            if (await IsRunningAsync(client, instanceId, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>Running, pending or suspended: anything but completed, failed or terminated (or never started).</summary>
    private static async Task<bool> IsRunningAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, cancellationToken) is { IsCompleted: false };
}
