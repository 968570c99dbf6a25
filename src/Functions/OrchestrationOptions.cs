using System.ComponentModel.DataAnnotations;

namespace Sluice.Functions;

/// <summary>
/// How the Durable orchestrations retry a failing activity. Section <c>Sluice:Orchestrations</c>. Read afresh by each
/// run (through <see cref="OrchestrationSettingsFunctions"/>), so a change reaches even the eternal reaper.
/// </summary>
public sealed class OrchestrationOptions
{
    public const string Section = "Sluice:Orchestrations";

    /// <summary>Attempts of one activity call before the orchestration sees it fail.</summary>
    [Range(1, 20)]
    public int ActivityAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry, doubling after each.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
