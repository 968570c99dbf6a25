using Azure.Storage.Blobs;

namespace Sluice.Ingestion;

/// <summary>
/// Claim checks for bodies too big for a queue message (or a dead-letter row): the body goes to a blob first and
/// the message carries only its name, so a sent message always has its body. Used by every transport.
/// </summary>
public sealed class ClaimChecks(BlobServiceClient blobs, StorageNames names) : IProvisioned
{
    /// <summary>A binary table property holds 64 KiB; rows keep larger bodies by claim check.</summary>
    public const int MaxTableInlineBytes = 60 * 1024;

    private const string Prefix = "claim:";
    private static readonly byte[] PrefixBytes = System.Text.Encoding.ASCII.GetBytes(Prefix);

    public BlobContainerClient Container => blobs.GetBlobContainerClient(names.ClaimsContainer);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    /// <summary>The body itself when it fits in <paramref name="maxInlineBytes"/>, otherwise a claim on blob <paramref name="name"/>.</summary>
    public async Task<BinaryData> CheckInAsync(string name, BinaryData body, int maxInlineBytes, CancellationToken cancellationToken)
    {
        if (body.ToMemory().Length <= maxInlineBytes)
        {
            return body;
        }

        await Container.GetBlobClient(name).UploadAsync(body, overwrite: true, cancellationToken);
        return BinaryData.FromString(Prefix + name);
    }

    /// <summary>The body a message stands for, fetching its blob when it is a claim.</summary>
    public async Task<BinaryData> ResolveAsync(BinaryData message, CancellationToken cancellationToken)
    {
        var claim = ClaimOf(message);
        return claim is null ? message : (await Container.GetBlobClient(claim).DownloadContentAsync(cancellationToken)).Value.Content;
    }

    /// <summary>Deletes the blob of a claim once its message is settled for good; nothing for an inline body.</summary>
    public async Task ReleaseAsync(BinaryData message, CancellationToken cancellationToken)
    {
        if (ClaimOf(message) is { } claim)
        {
            await Container.GetBlobClient(claim).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    private static string? ClaimOf(BinaryData message)
    {
        var span = message.ToMemory().Span;
        return span.Length < 128 && span.StartsWith(PrefixBytes) ? message.ToString()[Prefix.Length..] : null;
    }
}
