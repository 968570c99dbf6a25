namespace Sluice.Events;

public enum ProcessingResult
{
    Done,
    RetryLater,
    DeadLetter,
}

/// <summary>What a host should do with a message: settle it, make it visible again after a delay, or dead-letter it.</summary>
public sealed record ProcessingOutcome(ProcessingResult Result, TimeSpan RetryAfter, string? Reason)
{
    public static readonly ProcessingOutcome Done = new(ProcessingResult.Done, TimeSpan.Zero, null);

    public static ProcessingOutcome Retry(TimeSpan after, string reason) => new(ProcessingResult.RetryLater, after, reason);

    public static ProcessingOutcome DeadLetter(string reason) => new(ProcessingResult.DeadLetter, TimeSpan.Zero, reason);
}
