namespace Sluice.Billing;

/// <summary>Something reconciliation could not do, and where: <c>events</c>, <c>event evt_…</c> or <c>tenant t…</c>.</summary>
public sealed record ReconciliationError(string Scope, string Message);

/// <summary>A tenant whose plan or billing state differed from Stripe's, before and after the fix.</summary>
public sealed record DriftFix(string TenantId, string Before, string After);

/// <summary>The first step's result: Stripe events listed since the checkpoint and those replayed into the ledger.</summary>
public sealed record EventReplay(DateTimeOffset StartedAt, DateTimeOffset Since, int Listed, int Replayed, int StripeRetries, IReadOnlyList<ReconciliationError> Errors);

/// <summary>One page of linked tenants compared with Stripe.</summary>
public sealed record DriftCheck(int Checked, IReadOnlyList<DriftFix> Fixed, int StripeRetries, IReadOnlyList<ReconciliationError> Errors);

/// <summary>What one reconciliation run did, readable through the admin API.</summary>
public sealed record ReconciliationReport(
    string Id,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    DateTimeOffset EventsSince,
    DateTimeOffset? CheckpointAdvancedTo,
    int EventsListed,
    int EventsReplayed,
    int TenantsChecked,
    int DriftFixed,
    IReadOnlyList<DriftFix> Drift,
    int StripeRetries,
    int ErrorCount,
    IReadOnlyList<ReconciliationError> Errors)
{
    /// <summary>At most this many drift fixes and errors are kept in a report (the counts stay exact).</summary>
    public const int MaxListed = 100;

    public string Outcome => ErrorCount == 0 ? "clean" : "with-errors";
}
