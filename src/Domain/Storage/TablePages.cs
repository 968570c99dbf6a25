using Azure;
using Azure.Data.Tables;

namespace Sluice.Storage;

/// <summary>One page of a table query for an API listing, with the client's opaque continuation token in and out.</summary>
public static class TablePages
{
    /// <exception cref="ProblemException">The continuation token is not one this API issued (or storage refuses it).</exception>
    public static async Task<Listing<T>> ReadAsync<T>(
        TableClient table, string filter, string? continuation, int pageSize, Func<TableEntity, T> map, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var storageToken = ContinuationToken.Decode(continuation);
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken).AsPages(storageToken, pageSize))
            {
                return new Listing<T>(page.Values.Select(map).ToArray(), ContinuationToken.Encode(page.ContinuationToken));
            }
        }
        catch (RequestFailedException e) when (storageToken is not null && e.Status == 400)
        {
            throw ContinuationToken.Invalid();
        }

        return new Listing<T>([], null);
    }
}
