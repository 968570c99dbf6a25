using System.Buffers.Text;
using System.Text;

namespace Sluice.Storage;

/// <summary>Continuation tokens are opaque to clients: the storage token, base64url-encoded.</summary>
public static class ContinuationToken
{
    public static string? Encode(string? storageToken) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storageToken));

    public static string? Decode(string? clientToken)
    {
        if (string.IsNullOrEmpty(clientToken))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(clientToken));
        }
        catch (FormatException)
        {
            throw Invalid();
        }
    }

    public static ProblemException Invalid() =>
        new(ProblemTypes.MalformedRequest, "The continuation token is not one this API issued.");
}
