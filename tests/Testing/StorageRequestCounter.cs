using Azure.Core;
using Azure.Core.Pipeline;

namespace Sluice.Testing;

/// <summary>
/// Counts the storage requests a host actually sends, from inside the Azure SDK pipeline (so retries count too).
/// Register it as an <see cref="HttpPipelinePolicy"/> in the host's services.
/// </summary>
public sealed class StorageRequestCounter(Func<Request, bool> counts) : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Point reads of one tenant's entity: <c>GET …/{prefix}tenants(PartitionKey='id',RowKey='tenant')</c>.</summary>
    public static StorageRequestCounter TenantReads(string tenantId) => new(request =>
        request.Method == RequestMethod.Get
        && Uri.UnescapeDataString(request.Uri.Path).Contains($"(PartitionKey='{tenantId}',RowKey='tenant')", StringComparison.Ordinal));

    /// <summary>Every read of any tenant entity.</summary>
    public static StorageRequestCounter AllTenantReads() => new(request =>
        request.Method == RequestMethod.Get && Uri.UnescapeDataString(request.Uri.Path).Contains("RowKey='tenant'", StringComparison.Ordinal));

    public override void OnSendingRequest(HttpMessage message)
    {
        if (counts(message.Request))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
