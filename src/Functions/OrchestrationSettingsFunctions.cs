using Microsoft.Extensions.Options;
using Sluice.Events;
using Sluice.Sessions;

namespace Sluice.Functions;

/// <summary>The activity that reads <see cref="OrchestrationSettings"/> from the configuration as it is now.</summary>
public sealed class OrchestrationSettingsFunctions(
    IOptionsMonitor<OrchestrationOptions> orchestrations, IOptionsMonitor<SessionOptions> sessions, IOptionsMonitor<RetentionOptions> retention)
{
    [Function(nameof(ReadOrchestrationSettings))]
    public OrchestrationSettings ReadOrchestrationSettings([ActivityTrigger] object? input) =>
        new(sessions.CurrentValue.ReaperInterval, retention.CurrentValue.Interval, orchestrations.CurrentValue.ActivityAttempts, orchestrations.CurrentValue.FirstRetryDelay);
}
