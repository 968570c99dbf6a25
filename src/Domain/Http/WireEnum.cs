using System.Collections.Concurrent;
using System.Text.Json;

namespace Sluice.Http;

/// <summary>Enums travel as snake_case names ("free", "past_due"); this is the one place that spells them.</summary>
public static class WireEnum
{
    private static readonly ConcurrentDictionary<Type, string[]> NamesByType = new();

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static IReadOnlyList<string> Names<TEnum>() where TEnum : struct, Enum =>
        NamesByType.GetOrAdd(typeof(TEnum), _ => System.Enum.GetValues<TEnum>()
            .Where(v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture) != 0 || !typeof(TEnum).IsDefined(typeof(FlagsAttribute), false))
            .Select(Name).ToArray());

    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (Name(candidate) == text && Names<TEnum>().Contains(text))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The names of the flags set in <paramref name="value"/>, lowest first.</summary>
    public static string[] FlagNames<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Enum.GetValues<TEnum>()
            .Where(flag => Convert.ToUInt64(flag, System.Globalization.CultureInfo.InvariantCulture) != 0 && value.HasFlag(flag))
            .Select(Name).ToArray();
}
