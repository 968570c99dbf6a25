namespace Sluice.Admin;

/// <summary>Section <c>Sluice:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string Section = "Sluice:Admin";

    /// <summary>
    /// Admin tokens by the name of who holds them (<c>Sluice:Admin:Tokens:alice</c>). The name is what the audit
    /// trail records as the actor. Each token must pass <see cref="Auth.TokenRules"/> (24 characters or
    /// more, no placeholder, enough entropy), checked at start-up.
    /// </summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);
}
