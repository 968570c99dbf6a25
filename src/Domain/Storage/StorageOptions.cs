using System.ComponentModel.DataAnnotations;

namespace Sluice.Storage;

/// <summary>
/// Where Sluice keeps its state. Section <c>Sluice:Storage</c>. Either a connection string (Azurite locally and in
/// tests) or service URIs reached with an Azure identity (in Azure, where shared-key access is off).
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Sluice:Storage";

    public string? ConnectionString { get; set; }

    /// <summary>Identity-based: <c>https://{account}.table.core.windows.net</c>.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Identity-based: <c>https://{account}.queue.core.windows.net</c> (the Server's events queue).</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Identity-based: <c>https://{account}.blob.core.windows.net</c> (claim checks).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Identity-based: the client id of a user-assigned managed identity; unset uses the default credential chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefix of every table name, so that several deployments or test classes can share one account.</summary>
    [RegularExpression("^[a-z][a-z0-9]{0,40}$", ErrorMessage = "TablePrefix must be a lower-case letter followed by up to 40 letters or digits.")]
    public string TablePrefix { get; set; } = "sluice";

    /// <summary>How long one storage call may take before it counts as failed (per attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The latency processing's storage calls should keep: slower, and the adaptive limit gives processing fewer calls
    /// (<see cref="AdaptiveStorageLimit"/>). Requests' calls wait behind processing's in the store, so this is about
    /// what a read may have to wait for during a backlog.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:00:10")]
    public TimeSpan ProcessingLatencyTarget { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The most storage calls processing may have in flight per instance, however fast storage answers. Sixteen
    /// 100-row transactions at a time take a storage account's whole budget (about 20,000 entities/s) at 80 ms each;
    /// more would only hold more memory.
    /// </summary>
    [Range(1, 1024)]
    public int ProcessingMaxCalls { get; set; } = 16;

    /// <summary>
    /// How long a read on the request path (a tenant's log or usage) waits for storage before it answers with that
    /// read's last good answer instead (<see cref="LastGoodReads"/>); storage's answer still comes, for the next read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan StaleReadAfter { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How old a last good answer may be and still answer a read whose storage call is slow or failed; zero never answers stale.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StaleReadMaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The memory last good answers may take per instance; past it, the oldest go first.</summary>
    [Range(1, 4096)]
    public int StaleReadMemoryMegabytes { get; set; } = 16;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && (TableServiceUri is null || BlobServiceUri is null))
        {
            yield return new ValidationResult("Set ConnectionString, or TableServiceUri and BlobServiceUri (identity-based).",
                [nameof(ConnectionString), nameof(TableServiceUri), nameof(BlobServiceUri)]);
        }
    }
}
