using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;
using Sluice.Billing;

namespace Sluice.Health;

/// <summary>
/// Sluice's own instruments (meter <c>Sluice</c>). System.Diagnostics.Metrics aggregates without a lock per label
/// set, and every label here has a fixed, small set of values: never a tenant id, which would grow without bound.
/// </summary>
public sealed class SluiceMetrics : IDisposable
{
    public const string MeterName = "Sluice";
    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _ingestDuration;
    private readonly Histogram<double> _processingDuration;
    private readonly Histogram<double> _processingLag;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _billingEvents;
    private readonly Counter<long> _stripeRetries;
    private readonly Counter<long> _reconciliations;
    private readonly Counter<long> _driftFixed;
    private readonly Counter<long> _staleReads;
    private long _backlog = -1;

    public SluiceMetrics(IMeterFactory meters, StorageDependencies dependencies, StripeCircuit stripe, Readiness readiness)
    {
        _meter = meters.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("sluice.events.accepted", "{event}", "Events answered with 202.");
        _rejected = _meter.CreateCounter<long>("sluice.requests.rejected", "{request}", "Ingest requests refused, by reason (the problem type).");
        _processed = _meter.CreateCounter<long>("sluice.events.processed", "{event}", "Events a handled message owns in the log (a redelivered message counts again).");
        _duplicates = _meter.CreateCounter<long>("sluice.events.duplicates", "{event}", "Events skipped because their id was already in the log.");
        _conflicts = _meter.CreateCounter<long>("sluice.events.conflicts", "{event}", "Events refused because their id was already taken by other content (GET /api/conflicts).");
        _deadLettered = _meter.CreateCounter<long>("sluice.messages.dead_lettered", "{message}", "Queue messages moved to the dead-letter queue.");
        _ingestDuration = _meter.CreateHistogram<double>("sluice.ingest.duration", "s", "From request to 202 (or refusal).");
        _processingDuration = _meter.CreateHistogram<double>("sluice.processing.duration", "s", "Handling of one queue message.");
        _processingLag = _meter.CreateHistogram<double>("sluice.processing.lag", "s", "How long a queue message waited before processing took it (each delivery).");
        _meter.CreateObservableGauge("sluice.queue.backlog", () => Interlocked.Read(ref _backlog), "{message}", "Messages waiting in the events queue (last sample; -1 before the first).");
        _meter.CreateObservableGauge("sluice.storage.circuit_state",
            () => dependencies.All.Select(d => new Measurement<int>(StateValue(d.Breaker.CircuitState),
                new KeyValuePair<string, object?>("dependency", d.Name), new KeyValuePair<string, object?>("work", d.Work))),
            description: "Circuit breaker per storage dependency and work (requests, processing): 0 closed, 1 half-open, 2 open, 3 isolated.");
        var limit = dependencies.ProcessingLimit;
        _meter.CreateObservableGauge("sluice.processing.storage_limit", () => new Measurement<int>(limit.Limit, new KeyValuePair<string, object?>("last_change", limit.LastChange)),
            "{call}", "Storage calls processing may have in flight (the adaptive limit), labelled with why it last changed.");
        _meter.CreateObservableGauge("sluice.processing.storage_in_flight", () => limit.InFlight, "{call}", "Storage calls processing has in flight.");
        _meter.CreateObservableCounter("sluice.processing.storage_limit_changes",
            () => limit.Changes.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("reason", c.Key))),
            "{change}", "Changes of the adaptive limit, by reason (storage-refused, latency-over-target, within-target).");
        _webhooks = _meter.CreateCounter<long>("sluice.stripe.webhooks", "{request}", "Stripe webhook deliveries, by outcome (accepted, duplicate, or the problem type).");
        _billingEvents = _meter.CreateCounter<long>("sluice.billing.events", "{event}", "Stripe events handled, by result (applied, ignored, failed).");
        _stripeRetries = _meter.CreateCounter<long>("sluice.stripe.retries", "{call}", "Stripe API calls retried (429, 5xx, timeouts).");
        _reconciliations = _meter.CreateCounter<long>("sluice.billing.reconciliations", "{run}", "Reconciliation runs, by outcome (clean, with-errors).");
        _staleReads = _meter.CreateCounter<long>("sluice.reads.stale", "{read}",
            "Reads of a log or usage answered with their last good answer because storage was slow or failing (the answer carries an Age header).");
        _driftFixed = _meter.CreateCounter<long>("sluice.billing.drift_fixed", "{tenant}", "Tenants whose plan or status reconciliation corrected.");
        _meter.CreateObservableGauge("sluice.health.status",
            () => readiness.Last.Select(c => new Measurement<int>(c.Value switch { HealthStatus.Healthy => 0, HealthStatus.Degraded => 1, _ => 2 },
                new KeyValuePair<string, object?>("check", c.Key))),
            description: "Each readiness check's last result (run in the background every Sluice:Health:BackgroundInterval, 30 s, and by probes at most every Sluice:Health:ReadinessMaxAge): 0 healthy, 1 degraded, 2 unhealthy.");
        _meter.CreateObservableGauge("sluice.stripe.circuit_state", () => StateValue(stripe.State.CircuitState),
            description: "Circuit breaker on Stripe's API: 0 closed, 1 half-open, 2 open, 3 isolated.");
        Announce();
    }

    public void Accepted(int events, TimeSpan duration)
    {
        _accepted.Add(events);
        _ingestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", "accepted"));
    }

    public void Rejected(ProblemType reason, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("reason", reason.Slug);
        _rejected.Add(1, tag);
        _ingestDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", "rejected"));
    }

    public void Processed(int owned, int duplicates, TimeSpan duration)
    {
        _processed.Add(owned);
        _duplicates.Add(duplicates);
        _processingDuration.Record(duration.TotalSeconds);
    }

    public void Lag(TimeSpan waited) => _processingLag.Record(Math.Max(0, waited.TotalSeconds));

    public void DeadLettered(int messages) => _deadLettered.Add(messages);

    public void Conflicts(int events) => _conflicts.Add(events);

    public void Webhook(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void BillingEvent(string result) => _billingEvents.Add(1, new KeyValuePair<string, object?>("result", result));

    public void StripeRetried() => _stripeRetries.Add(1);

    public void Reconciled(bool clean, int driftFixed)
    {
        _reconciliations.Add(1, new KeyValuePair<string, object?>("outcome", clean ? "clean" : "with-errors"));
        _driftFixed.Add(driftFixed);
    }

    public void StaleRead() => _staleReads.Add(1);

    public void Backlog(long messages) => Interlocked.Exchange(ref _backlog, messages);

    /// <summary>The last backlog sample (-1 before the first, or where the transport cannot count).</summary>
    public long LastBacklog => Interlocked.Read(ref _backlog);

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// A counter appears in an export only once something was counted; the series that dashboards and alerts are built
    /// on (the runbook names them) are written as 0 from the start, so "no failures yet" reads 0, not "no data".
    /// </summary>
    private void Announce()
    {
        foreach (var outcome in new[] { "accepted", "duplicate", ProblemTypes.InvalidSignature.Slug, ProblemTypes.StaleSignature.Slug })
        {
            _webhooks.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
        }

        foreach (var result in new[] { LedgerStatus.Applied, LedgerStatus.Ignored, LedgerStatus.Failed })
        {
            _billingEvents.Add(0, new KeyValuePair<string, object?>("result", result));
        }

        foreach (var outcome in new[] { "clean", "with-errors" })
        {
            _reconciliations.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
        }

        _driftFixed.Add(0);
        _stripeRetries.Add(0);
        _deadLettered.Add(0);
        _accepted.Add(0);
        _processed.Add(0);
        _duplicates.Add(0);
        _conflicts.Add(0);
    }

    private static int StateValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        CircuitState.Open => 2,
        _ => 3,
    };
}
