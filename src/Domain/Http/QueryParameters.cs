using System.Globalization;

namespace Sluice.Http;

/// <summary>Paging parameters shared by every listing: <c>limit</c> and <c>continuation</c>.</summary>
public static class QueryParameters
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(HttpRequest request)
    {
        var text = request.Query["limit"].ToString();
        if (text.Length == 0)
        {
            return DefaultLimit;
        }

        return CheckLimit(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : 0, MaxLimit);
    }

    /// <summary>The limit when it lies in 1..<paramref name="max"/>; otherwise the problem every listing answers.</summary>
    public static int CheckLimit(int limit, int max) =>
        limit >= 1 && limit <= max
            ? limit
            : throw new ProblemException(ProblemTypes.MalformedRequest, $"limit must be a whole number from 1 to {max}.");

    public static string? Continuation(HttpRequest request) =>
        request.Query["continuation"].ToString() is { Length: > 0 } token ? token : null;
}
