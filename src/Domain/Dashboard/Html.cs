using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Sluice.Dashboard;

/// <summary>
/// A fragment of HTML. Built only through <see cref="HtmlBuilder"/>, which encodes every interpolated value unless
/// it is itself an <see cref="Html"/>: markup is written in the template, data never becomes markup.
/// </summary>
public readonly struct Html
{
    private Html(string value) => Value = value;

    public string Value { get; }

    public static Html Empty { get; } = new("");

    public static Html Of(HtmlBuilder builder) => new(builder.ToString());

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Html When(bool condition, HtmlBuilder builder) => condition ? Of(builder) : Empty;

    internal static Html Trusted(string markup) => new(markup);

    public override string ToString() => Value;
}

/// <summary>Interpolated-string handler for <see cref="Html"/>: literal text is markup, every hole is encoded.</summary>
[InterpolatedStringHandler]
public ref struct HtmlBuilder
{
    private readonly StringBuilder _text;

    public HtmlBuilder(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + 16 * formattedCount);

    public void AppendLiteral(string markup) => _text.Append(markup);

    public void AppendFormatted(Html fragment) => _text.Append(fragment.Value);

    public void AppendFormatted(IEnumerable<Html> fragments)
    {
        foreach (var fragment in fragments)
        {
            _text.Append(fragment.Value);
        }
    }

    public void AppendFormatted<T>(T value) => AppendFormatted(value, format: null);

    /// <summary>Numbers and times in one invariant form (times in UTC); a format such as <c>N0</c> where given.</summary>
    public void AppendFormatted<T>(T value, string? format) => _text.Append(HtmlEncoder.Default.Encode(value switch
    {
        null => "",
        DateTimeOffset at => at.UtcDateTime.ToString(format ?? "yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(format, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    }));

    public override string ToString() => _text.ToString();
}
