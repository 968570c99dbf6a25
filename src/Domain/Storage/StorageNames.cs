namespace Sluice.Storage;

/// <summary>Names of the queues and blob containers, derived from the table prefix (they allow only lower case and '-').</summary>
public sealed class StorageNames(IOptions<StorageOptions> options)
{
    private readonly string _prefix = options.Value.TablePrefix;

    public string EventsQueue => $"{_prefix}-events";

    public string BillingQueue => $"{_prefix}-billing";

    public string ClaimsContainer => $"{_prefix}-claims";

    /// <summary>Blobs whose leases let one instance at a time run a scheduled job.</summary>
    public string LeasesContainer => $"{_prefix}-leases";
}
