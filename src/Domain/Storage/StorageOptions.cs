using System.ComponentModel.DataAnnotations;

namespace Sluice.Storage;

/// <summary>Where Sluice keeps its state. Section <c>Sluice:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Sluice:Storage";

    /// <summary>An Azure Storage connection string (Azurite locally and in tests).</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Prefix of every table name, so that several deployments or test classes can share one account.</summary>
    [RegularExpression("^[a-z][a-z0-9]{0,40}$", ErrorMessage = "TablePrefix must be a lower-case letter followed by up to 40 letters or digits.")]
    public string TablePrefix { get; set; } = "sluice";

    /// <summary>How long one storage call may take before it counts as failed (per attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
