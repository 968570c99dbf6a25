namespace Sluice.Auth;

/// <summary>
/// Refuses, at start-up, configured tokens an attacker could guess (admin tokens, metrics tokens): shorter than
/// <see cref="MinLength"/>, a placeholder copied from an example file, or of little entropy. Each refusal names the
/// setting and how to make a good token, so an operator fixes it in one step.
/// </summary>
public sealed class TokenRules<TOptions>(string section, Func<TOptions, IReadOnlyDictionary<string, string>> tokens) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = tokens(options)
            .Select(t => TokenRules.Unfit(t.Value) is { } why ? $"{section}:{t.Key} {why}. Generate one with 'openssl rand -base64 32'." : null)
            .OfType<string>()
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>What makes a configured token guessable.</summary>
public static class TokenRules
{
    public const int MinLength = 24;

    /// <summary>Estimated from the token's own characters; 32 random base64 characters score about 150.</summary>
    public const double MinBits = 64;

    /// <summary>Words that mark a value as an example rather than a secret.</summary>
    private static readonly string[] Placeholders =
        ["replace", "changeme", "change-me", "change_me", "example", "placeholder", "your-", "your_", "password", "secret-here", "<", ">", "xxxx"];

    /// <summary>Why <paramref name="token"/> is unfit to guard anything, or null.</summary>
    public static string? Unfit(string token)
    {
        if (token.Length < MinLength)
        {
            return $"is shorter than {MinLength} characters";
        }

        if (Placeholders.FirstOrDefault(word => token.Contains(word, StringComparison.OrdinalIgnoreCase)) is { } placeholder)
        {
            return $"looks like a placeholder (it contains '{placeholder}')";
        }

        var bits = EstimatedBits(token);
        return bits < MinBits ? $"has too little entropy (about {bits:0} bits, at least {MinBits:0} needed: too few distinct characters or too many repeats)" : null;
    }

    /// <summary>
    /// The token's length times the Shannon entropy of its own characters: generous for a made-up string, but it
    /// catches repeats and small alphabets ("aaaa…", "abab…", a short run of digits).
    /// </summary>
    private static double EstimatedBits(string token) =>
        token.GroupBy(c => c).Sum(g =>
        {
            var p = (double)g.Count() / token.Length;
            return p * Math.Log2(1 / p);
        }) * token.Length;
}
