using Microsoft.Extensions.Logging;
using Sluice.Admin;
using Sluice.Health;
using Sluice.Tenants;

namespace Sluice.Billing;

/// <summary>
/// Repairs whatever webhooks missed, in idempotent steps that the Server's lease-guarded job runs in a row
/// (<see cref="RunAsync"/>) and the Functions host's orchestration runs as activities, fanning out over tenant pages:
/// (1) list Stripe events since the checkpoint and apply those the ledger lacks (or never applied);
/// (2) for each linked tenant, read its subscription from Stripe and correct plan or status drift;
/// (3) write the report and, if step 1 saw every event, advance the checkpoint.
/// </summary>
public sealed partial class StripeReconciliation(
    StripeApi stripe,
    BillingLedger ledger,
    BillingProcessor processor,
    CustomerLinks links,
    SubscriptionSync sync,
    TenantAdministration administration,
    ReconciliationReports reports,
    SluiceMetrics metrics,
    IOptions<StripeOptions> options,
    TimeProvider clock,
    ILogger<StripeReconciliation> logger)
{
    private readonly StripeOptions _options = options.Value;

    /// <summary>All three steps, one after the other (the Server's job).</summary>
    public async Task<ReconciliationReport> RunAsync(string runId, string trigger, CancellationToken cancellationToken)
    {
        var replay = await ReplayEventsAsync(cancellationToken);
        var checks = new List<DriftCheck>();
        string? continuation = null;
        do
        {
            var page = await ListLinkedTenantsAsync(continuation, cancellationToken);
            checks.Add(await CheckTenantsAsync(runId, page.Items, cancellationToken));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        return await FinishAsync(runId, trigger, replay, checks, cancellationToken);
    }

    /// <summary>Step 1: events since the checkpoint, oldest first; each one missing from the ledger (or stuck unapplied in it) is applied now.</summary>
    public async Task<EventReplay> ReplayEventsAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var since = await reports.ReadCheckpointAsync(cancellationToken) ?? started - _options.InitialLookback;
        var errors = new List<ReconciliationError>();
        var ((listed, replayed), retries) = await StripeRetries.CountAsync(async () =>
        {
            var events = new List<Stripe.Event>();
            try
            {
                await foreach (var stripeEvent in stripe.ListEventsAsync(since, StripeEventHandler.HandledTypes, cancellationToken))
                {
                    events.Add(stripeEvent);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add(new ReconciliationError("events", $"Listing Stripe events failed after {events.Count}: {e.Message}"));
                return (events.Count, 0);
            }

            var applied = 0;
            foreach (var stripeEvent in events.OrderBy(e => e.Created).ThenBy(e => e.Id, StringComparer.Ordinal))
            {
                try
                {
                    if (await ReplayIfMissedAsync(stripeEvent, started, cancellationToken) is { } entry)
                    {
                        applied++;
                        if (entry.Status == LedgerStatus.Failed)
                        {
                            errors.Add(new ReconciliationError($"event {entry.EventId}", entry.Detail ?? "failed"));
                        }
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    errors.Add(new ReconciliationError($"event {stripeEvent.Id}", e.Message));
                }
            }

            return (events.Count, applied);
        });

        return new EventReplay(started, since, listed, replayed, retries, errors);
    }

    /// <summary>Step 2's input: one page of linked customers.</summary>
    public Task<Listing<CustomerLink>> ListLinkedTenantsAsync(string? continuation, CancellationToken cancellationToken) =>
        links.ListAsync(continuation, _options.ReconciliationPageSize, cancellationToken);

    /// <summary>Step 2: compares each tenant of a page with Stripe and corrects what differs (audited as <c>billing.reconciled</c>).</summary>
    public async Task<DriftCheck> CheckTenantsAsync(string runId, IReadOnlyList<CustomerLink> page, CancellationToken cancellationToken)
    {
        var actor = $"stripe-reconciliation:{runId}";
        var fixes = new List<DriftFix>();
        var errors = new List<ReconciliationError>();
        var (_, retries) = await StripeRetries.CountAsync(async () =>
        {
            foreach (var link in page)
            {
                try
                {
                    var tenant = await administration.GetTenantAsync(link.TenantId, cancellationToken);
                    if (tenant.Billing?.CustomerId is { } current && current != link.CustomerId)
                    {
                        // A later checkout moved the tenant to another customer; this link is left over.
                        await links.UnlinkAsync(link.CustomerId, cancellationToken);
                        continue;
                    }

                    var change = await sync.SyncAsync(link.TenantId, link.CustomerId, actor, onlyDrift: true, cancellationToken);
                    if (change.Changed)
                    {
                        fixes.Add(new DriftFix(link.TenantId, Describe(change.Before), Describe(change.After)));
                        LogDrift(logger, link.TenantId, Describe(change.Before), Describe(change.After));
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    errors.Add(new ReconciliationError($"tenant {link.TenantId}", e.Message));
                }
            }

            return 0;
        });

        return new DriftCheck(page.Count, fixes, retries, errors);
    }

    /// <summary>Step 3: the report; the checkpoint moves only when step 1 saw and applied every event.</summary>
    public async Task<ReconciliationReport> FinishAsync(string runId, string trigger, EventReplay replay, IReadOnlyList<DriftCheck> checks, CancellationToken cancellationToken)
    {
        DateTimeOffset? checkpoint = null;
        if (replay.Errors.Count == 0)
        {
            checkpoint = Max(replay.Since, replay.StartedAt - _options.CheckpointOverlap);
            await reports.WriteCheckpointAsync(checkpoint.Value, cancellationToken);
        }

        var errors = replay.Errors.Concat(checks.SelectMany(c => c.Errors)).ToList();
        var drift = checks.SelectMany(c => c.Fixed).ToList();
        var report = new ReconciliationReport(
            runId, trigger, replay.StartedAt, clock.GetUtcNow(), replay.Since, checkpoint,
            replay.Listed, replay.Replayed, checks.Sum(c => c.Checked), drift.Count, drift.Take(ReconciliationReport.MaxListed).ToList(),
            replay.StripeRetries + checks.Sum(c => c.StripeRetries), errors.Count, errors.Take(ReconciliationReport.MaxListed).ToList());
        await reports.SaveAsync(report, cancellationToken);
        metrics.Reconciled(errors.Count == 0, drift.Count);
        LogFinished(logger, runId, report.EventsReplayed, report.DriftFixed, report.ErrorCount, report.StripeRetries);
        return report;
    }

    /// <returns>The entry as applied now, or null when the ledger already had it applied (or it is still on its way).</returns>
    private async Task<LedgerEntry?> ReplayIfMissedAsync(Stripe.Event stripeEvent, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var entry = await ledger.FindAsync(stripeEvent.Id, cancellationToken);
        if (entry is null)
        {
            (entry, var added) = await ledger.TryAddAsync(StripeEventSummary.Of(stripeEvent), BinaryData.FromString(stripeEvent.ToJson()), LedgerSource.Reconciliation, cancellationToken);
            if (!added)
            {
                // A webhook recorded it a moment ago; its own delivery applies it.
                return null;
            }
        }
        else if (entry.Status != LedgerStatus.Received || entry.ReceivedAt > started - _options.StuckAfter)
        {
            return null;
        }

        return await processor.ApplyAsync(entry, cancellationToken);
    }

    private static string Describe(Tenant tenant) => tenant.Billing is not { } billing
        ? $"plan {WireEnum.Name(tenant.Plan)}, no Stripe customer"
        : $"plan {WireEnum.Name(tenant.Plan)}, subscription {billing.SubscriptionId ?? "none"} {billing.SubscriptionStatus ?? ""}".TrimEnd()
          + (billing.PastDueSince is { } since ? $", past due since {since:O}" : "");

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation corrected tenant {TenantId}: {Before} -> {After}")]
    private static partial void LogDrift(ILogger logger, string tenantId, string before, string after);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation {RunId}: {Replayed} events replayed, {Drift} tenants corrected, {Errors} errors, {Retries} Stripe retries")]
    private static partial void LogFinished(ILogger logger, string runId, int replayed, int drift, int errors, int retries);
}
