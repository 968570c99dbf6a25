using System.Globalization;

namespace Sluice.Events;

/// <summary>Reads the read-back filters (type, time bounds, continuation) from text, with one wording for every caller.</summary>
public static class EventFilters
{
    public static string? Type(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Ingestion.EventLimits.TypePattern().IsMatch(text)
            ? text
            : throw new ProblemException(ProblemTypes.MalformedRequest, "type is not a valid event type.");
    }

    /// <summary>The time bounds; an until before from is a mistake (it could only ever find nothing), so it is refused.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? Until) Range(string? from, string? until)
    {
        var range = (From: Time("from", from), Until: Time("until", until));
        return range.From > range.Until
            ? throw new ProblemException(ProblemTypes.MalformedRequest, "until must not be before from.")
            : range;
    }

    private static DateTimeOffset? Time(string name, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new ProblemException(ProblemTypes.MalformedRequest, $"{name} must be an RFC 3339 timestamp, such as 2026-11-23T12:00:00Z.");
    }

    /// <summary>The log cursor inside a continuation token this API issued.</summary>
    public static string? Cursor(string? continuation)
    {
        var cursor = ContinuationToken.Decode(continuation);
        return cursor is null || cursor.StartsWith(EventRows.LogPrefix, StringComparison.Ordinal) ? cursor : throw ContinuationToken.Invalid();
    }
}
