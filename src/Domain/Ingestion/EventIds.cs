using System.Security.Cryptography;
using Sluice.Keys;

namespace Sluice.Ingestion;

/// <summary>
/// Server-assigned event ids: 'e', 10 base32 characters of milliseconds since the epoch (so they sort by time),
/// then 16 random ones (80 bits). Clients that want retries to be idempotent send their own ids instead.
/// </summary>
public static class EventIds
{
    public static string New(DateTimeOffset now)
    {
        Span<char> id = stackalloc char[27];
        id[0] = 'e';
        var millis = (ulong)now.ToUnixTimeMilliseconds();
        for (var i = 10; i >= 1; i--)
        {
            id[i] = RandomIds.Alphabet[(int)(millis & 31)];
            millis >>= 5;
        }

        RandomNumberGenerator.GetItems(RandomIds.Alphabet, id[11..]);
        return new string(id);
    }
}
