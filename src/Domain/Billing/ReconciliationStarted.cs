namespace Sluice.Billing;

/// <summary>The 202 of a reconciliation started now: its run id, and where its report appears when it ends.</summary>
public sealed record ReconciliationStarted(string Id, string Report);
