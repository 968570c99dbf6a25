namespace Sluice.Events;

/// <summary>
/// What a queue message's failed delivery comes to, for every processor: retry after an exponential backoff with
/// full jitter, or dead-letter once the attempts run out (later while storage itself fails: an outage is not the
/// message's fault).
/// </summary>
public sealed class MessageRetries(IOptions<ProcessingOptions> options)
{
    private readonly ProcessingOptions _options = options.Value;

    public ProcessingOutcome AfterFailure(int attempt, Exception failure)
    {
        var limit = ExceptionProblems.IsStorageFault(failure) ? _options.MaxAttemptsWhileStorageFails : _options.MaxAttempts;
        var reason = $"{failure.GetType().Name}: {failure.Message}";
        return attempt >= limit ? ProcessingOutcome.DeadLetter($"Failed {attempt} times; last: {reason}") : ProcessingOutcome.Retry(Backoff(attempt), reason);
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return TimeSpan.FromMilliseconds(Math.Max(_options.RetryBaseDelay.TotalMilliseconds / 2, Random.Shared.NextDouble() * ceiling));
    }
}
