using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Sluice.Ingestion;
using Sluice.Keys;

namespace Sluice.Events;

/// <summary>A message that kept failing, with why.</summary>
public sealed record DeadLetter(string Id, string MessageId, string Reason, int Attempts, DateTimeOffset DeadLetteredAt);

/// <summary>
/// Dead-lettered event messages, kept in a table whichever transport carried them: the Server records a message
/// here when its processor gives up; the Functions host dead-letters on Service Bus and records what lands in the
/// dead-letter queue. Each keeps the message as it was sent (a large one through a claim check), so a replay sends
/// back exactly what failed. Ids sort by time, so listing shows the oldest first. A message's id is derived from its
/// own id and when it was first queued, so recording it twice (a redelivery after a lost answer) keeps one row.
/// </summary>
public sealed class DeadLetterStore(SluiceTables tables, ClaimChecks claims, IEventQueue queue, TimeProvider clock)
{
    private const string Partition = "deadletter";
    private const int MaxReasonLength = 2_000;

    /// <param name="queuedAt">When the message was first queued: the same on every delivery of it.</param>
    public async Task<DeadLetter> AddAsync(string messageId, DateTimeOffset queuedAt, BinaryData message, string reason, int attempts, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = $"{queuedAt.UtcTicks:D19}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..16]}";
        var stored = await claims.CheckInAsync(id, message, ClaimChecks.MaxTableInlineBytes, cancellationToken);
        var letter = new DeadLetter(id, messageId, reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason, attempts, now);
        await FreshRows.AddAsync(tables.DeadLetters, new TableEntity(Partition, id)
        {
            ["MessageId"] = letter.MessageId,
            ["Reason"] = letter.Reason,
            ["Attempts"] = letter.Attempts,
            ["DeadLetteredAt"] = letter.DeadLetteredAt,
            ["Message"] = stored.ToArray(),
        }, cancellationToken);
        return letter;
    }

    /// <summary>The oldest dead letters, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>(max);
        var query = tables.DeadLetters.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: max,
            select: ["RowKey", "MessageId", "Reason", "Attempts", "DeadLetteredAt"], cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            letters.Add(ToDeadLetter(entity));
            if (letters.Count == max)
            {
                break;
            }
        }

        return letters;
    }

    /// <summary>
    /// Sends one back to the events queue, then forgets it; false if there is no such dead letter. The replay is a
    /// new message (a broker's duplicate detection must not drop it); processing it is idempotent.
    /// </summary>
    public async Task<bool> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        var found = await tables.DeadLetters.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } entity)
        {
            return false;
        }

        var message = BinaryData.FromBytes(entity.GetBinary("Message"));
        var replayId = RandomIds.New('r', 25);
        await queue.SendAsync(new QueuedBatch(replayId, replayId, await claims.ResolveAsync(message, cancellationToken)), cancellationToken);
        await tables.DeadLetters.DeleteEntityAsync(Partition, id, entity.ETag, cancellationToken);
        await claims.ReleaseAsync(message, cancellationToken);
        return true;
    }

    private static DeadLetter ToDeadLetter(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("MessageId"),
        entity.GetString("Reason"),
        entity.GetInt32("Attempts") ?? 0,
        entity.GetDateTimeOffset("DeadLetteredAt") ?? default);
}
