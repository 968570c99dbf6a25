namespace Sluice.Billing;

/// <summary>
/// Starts a reconciliation run now, in the background, unless one is running: the Server takes the job's lease,
/// the Functions host schedules the orchestration under its fixed instance id.
/// </summary>
public interface IReconciliationStarter
{
    /// <returns>False when a run is already in progress.</returns>
    Task<bool> TryStartAsync(string runId, CancellationToken cancellationToken);
}
