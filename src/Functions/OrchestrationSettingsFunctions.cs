using Microsoft.Extensions.Options;
using Sluice.Sessions;

namespace Sluice.Functions;

/// <summary>The activity that reads <see cref="OrchestrationSettings"/> from the configuration as it is now.</summary>
public sealed class OrchestrationSettingsFunctions(IOptionsMonitor<OrchestrationOptions> orchestrations, IOptionsMonitor<SessionOptions> sessions)
{
    [Function(nameof(ReadOrchestrationSettings))]
    public OrchestrationSettings ReadOrchestrationSettings([ActivityTrigger] object? input) =>
        new(sessions.CurrentValue.ReaperInterval, orchestrations.CurrentValue.ActivityAttempts, orchestrations.CurrentValue.FirstRetryDelay);
}
