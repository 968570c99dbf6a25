namespace Sluice.Events;

/// <summary>
/// How hard an instance that also accepts events processes. While requests crowd in it yields to them: clients
/// wait for acceptance, not for processing, and on one machine both compete for the same cores and storage.
/// <list type="bullet">
/// <item>The yield is bounded by the lag (how long the messages it receives had waited): processing's share of
/// the time is the lag's fraction of <see cref="ProcessingOptions.MaxLagWhileAccepting"/>, at least
/// <see cref="MinimumShare"/>, and all of it at that bound. A burst is accepted first and worked off after; under a
/// heavy steady load processing settles at the share that keeps up, with a lag of the bound times that share.</item>
/// <item>Messages in flight follow the backlog: one, plus one per <see cref="BacklogPerStep"/> waiting, up to the
/// configured concurrency. One at a time whenever busy made a steady load grow the backlog without bound (the soak
/// suite found it at 150 events/s).</item>
/// </list>
/// </summary>
public static class ProcessingPace
{
    public const long BacklogPerStep = 100;

    /// <summary>Processing's share of the time while requests crowd in and nothing has waited.</summary>
    public const double MinimumShare = 0.02;

    /// <param name="pressed">Requests crowd in at this instance (<see cref="Ingestion.EventBatcher.Pressed"/>).</param>
    /// <param name="backlog">Messages waiting (the last sample; negative when unknown).</param>
    /// <param name="concurrency">The most at once (<see cref="ProcessingOptions.Concurrency"/>).</param>
    public static int InFlight(bool pressed, long backlog, int concurrency) =>
        pressed ? (int)Math.Clamp(1 + Math.Max(0, backlog) / BacklogPerStep, 1, concurrency) : concurrency;

    /// <summary>How long to rest after handling a group that took <paramref name="took"/>, so that processing takes its share.</summary>
    /// <param name="pressed">Requests crowd in at this instance.</param>
    /// <param name="lag">How long the oldest message of the group has waited, counted to the end of its handling.</param>
    /// <param name="maxLag">The lag at which processing stops yielding (zero: it never yields).</param>
    public static TimeSpan RestAfter(TimeSpan took, bool pressed, TimeSpan lag, TimeSpan maxLag)
    {
        if (!pressed || lag >= maxLag)
        {
            return TimeSpan.Zero;
        }

        var share = Math.Max(MinimumShare, lag / maxLag);
        return took * ((1 - share) / share);
    }
}
