namespace Sluice.Events;

/// <summary>
/// How many messages an instance that also accepts events processes at once. While requests arrive it yields to
/// them (clients wait for acceptance, not for processing, and both compete for the same storage), but only as long
/// as the backlog stays short: every <see cref="BacklogPerStep"/> messages waiting add one more in flight, up to
/// the configured concurrency. Yielding outright made a steady load (never quiet) grow the backlog without bound:
/// the soak suite found it at 150 events/s.
/// </summary>
public static class ProcessingPace
{
    public const long BacklogPerStep = 100;

    /// <param name="accepting">Requests are arriving at this instance.</param>
    /// <param name="backlog">Messages waiting (the last sample; negative when unknown).</param>
    /// <param name="concurrency">The most at once (<see cref="ProcessingOptions.Concurrency"/>).</param>
    public static int InFlight(bool accepting, long backlog, int concurrency) =>
        accepting ? (int)Math.Clamp(1 + Math.Max(0, backlog) / BacklogPerStep, 1, concurrency) : concurrency;
}
