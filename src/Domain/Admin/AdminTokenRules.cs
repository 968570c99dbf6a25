namespace Sluice.Admin;

/// <summary>
/// Refuses, at start-up, admin tokens an attacker could guess: shorter than <see cref="AdminOptions.MinTokenLength"/>,
/// a placeholder copied from an example file, or of little entropy. Each refusal names the setting and how to make a
/// good token, so an operator fixes it in one step.
/// </summary>
public sealed class AdminTokenRules : IValidateOptions<AdminOptions>
{
    /// <summary>Estimated from the token's own characters; 32 random base64 characters score about 150.</summary>
    public const double MinBits = 64;

    private const string HowToMakeOne = "Generate one with 'openssl rand -base64 32'.";

    /// <summary>Words that mark a value as an example rather than a secret.</summary>
    private static readonly string[] Placeholders =
        ["replace", "changeme", "change-me", "change_me", "example", "placeholder", "your-", "your_", "password", "secret-here", "<", ">", "xxxx"];

    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var failures = options.Tokens
            .Select(t => Unfit(t.Value) is { } why ? $"{AdminOptions.Section}:Tokens:{t.Key} {why}. {HowToMakeOne}" : null)
            .OfType<string>()
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why <paramref name="token"/> is unfit to be an admin token, or null.</summary>
    public static string? Unfit(string token)
    {
        if (token.Length < AdminOptions.MinTokenLength)
        {
            return $"is shorter than {AdminOptions.MinTokenLength} characters";
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
