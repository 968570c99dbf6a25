namespace Sluice.Events;

/// <summary>A message that kept failing, with why.</summary>
public sealed record DeadLetter(string Id, string Reason, int Attempts, DateTimeOffset DeadLetteredAt);

/// <summary>Dead-lettered event messages: the Storage poison queue in the Server, Service Bus's dead-letter queue in Functions.</summary>
public interface IDeadLetters
{
    /// <summary>The oldest dead letters, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken);

    /// <summary>Sends one back to the events queue; false if there is no such dead letter.</summary>
    Task<bool> ReplayAsync(string id, CancellationToken cancellationToken);
}
