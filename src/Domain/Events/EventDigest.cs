using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sluice.Ingestion;

namespace Sluice.Events;

/// <summary>
/// What makes two events with one id "the same event": type, payload (as sent) and occurredAt. A client's retry has
/// the same digest and is a harmless duplicate; other content under a used id is a conflict, never silently dropped.
/// </summary>
public static class EventDigest
{
    public static string Of(EventEnvelope e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{e.Type}\n{e.OccurredAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\n{e.Payload}")))[..32];
}
