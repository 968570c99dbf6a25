using System.Text.RegularExpressions;

namespace Sluice.Ingestion;

/// <summary>What one request to <c>POST /api/events</c> may hold (documented in the README).</summary>
public static partial class EventLimits
{
    public const int MaxEventsPerRequest = 100;
    public const int MaxRequestBytes = 1024 * 1024;
    public const int MaxPayloadBytes = 256 * 1024;
    public const int MaxTypeLength = 100;
    public const int MaxIdLength = 100;

    /// <summary>How far back an <c>occurredAt</c> may lie (clients drain offline outboxes) and how far ahead (clock skew).</summary>
    public static readonly TimeSpan MaxPast = TimeSpan.FromDays(366);
    public static readonly TimeSpan MaxFuture = TimeSpan.FromHours(1);

    /// <summary>Event ids become table keys: letters, digits and <c>. _ : -</c>, starting with a letter or digit.</summary>
    public const string IdSyntax = @"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,99}$";

    /// <summary>Types as ids, and <c>/</c> as well.</summary>
    public const string TypeSyntax = @"^[A-Za-z0-9][A-Za-z0-9._:/\-]{0,99}$";

    [GeneratedRegex(IdSyntax, RegexOptions.CultureInvariant)]
    public static partial Regex IdPattern();

    [GeneratedRegex(TypeSyntax, RegexOptions.CultureInvariant)]
    public static partial Regex TypePattern();
}
