using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

using Sluice.Storage;

namespace Sluice.Server.Jobs;

/// <summary>
/// One blob per scheduled job in the leases container. Whoever holds the blob's lease runs the job; the blob's
/// metadata records when it last ran, so instances agree on when it is next due without talking to each other.
/// </summary>
public sealed class JobLeases(BlobServiceClient blobs, StorageNames names) : IProvisioned
{
    /// <summary>A lease lapses this long after its holder stops renewing it (it died): the next instance takes over.</summary>
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private const string LastRunKey = "lastrun";

    private BlobContainerClient Container => blobs.GetBlobContainerClient(names.LeasesContainer);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task<DateTimeOffset?> LastRunAsync(string job, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Container.GetBlobClient(job).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.Metadata.TryGetValue(LastRunKey, out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates the job's blob as if it had just run, unless it exists: a job first runs one interval after the first
    /// instance starts, not in the middle of every deployment's start-up.
    /// </summary>
    public async Task InitializeAsync(string job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetBlobClient(job).UploadAsync(BinaryData.Empty, new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [LastRunKey] = now.ToString("O", CultureInfo.InvariantCulture) },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
        }
    }

    /// <returns>The lease, or null when another instance holds it.</returns>
    public async Task<HeldLease?> TryAcquireAsync(string job, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(job);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // It exists (and may be leased): the lease below decides.
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(Duration, cancellationToken: cancellationToken);
            return new HeldLease(blob, lease);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    /// <summary>A held lease: renew it well within <see cref="Duration"/>, record the run, release it when done.</summary>
    public sealed class HeldLease(BlobClient blob, BlobLeaseClient lease) : IAsyncDisposable
    {
        public async Task RenewAsync(CancellationToken cancellationToken) => await lease.RenewAsync(cancellationToken: cancellationToken);

        public async Task RecordRunAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
            await blob.SetMetadataAsync(new Dictionary<string, string> { [LastRunKey] = at.ToString("O", CultureInfo.InvariantCulture) },
                new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Lost or expired already: it lapses by itself.
            }
        }
    }
}
