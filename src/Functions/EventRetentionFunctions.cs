using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Sluice.Events;

namespace Sluice.Functions;

/// <summary>
/// Event retention: an eternal orchestration (<see cref="EternalOrchestration"/>) running as a singleton under a fixed
/// instance id, one <see cref="EventRetention"/> pass per <c>Sluice:Retention:Interval</c>. A timer trigger starts it
/// when it is not running (first deployment, or after it was terminated).
/// </summary>
public sealed class EventRetentionFunctions(EventRetention retention)
{
    public const string InstanceId = "sluice-event-retention";

    [Function(nameof(StartEventRetention))]
    public Task StartEventRetention([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        SingletonOrchestration.TryStartAsync(client, nameof(EventRetentionOrchestration), InstanceId, input: null, cancellationToken);

    [Function(nameof(EventRetentionOrchestration))]
    public static Task EventRetentionOrchestration([OrchestrationTrigger] TaskOrchestrationContext context) =>
        EternalOrchestration.TurnAsync(context, nameof(ExpireEvents), "Expiring events", settings => settings.RetentionInterval);

    [Function(nameof(ExpireEvents))]
    public Task<long> ExpireEvents([ActivityTrigger] object? input, CancellationToken cancellationToken) => retention.RunAsync(cancellationToken);
}
