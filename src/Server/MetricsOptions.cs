namespace Sluice.Server;

/// <summary>Section <c>Sluice:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Sluice:Metrics";

    /// <summary>
    /// Tokens that may read <c>/metrics</c> and nothing else, by the name of the scraper that holds them
    /// (<c>Sluice:Metrics:Tokens:prometheus</c>); checked at start-up like admin tokens.
    /// </summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);
}
