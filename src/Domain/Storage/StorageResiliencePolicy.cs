using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Sluice.Storage;

/// <summary>
/// Puts a dependency's pipelines in an Azure client, in place of the SDK's own retry policy: the requests' pipeline,
/// or for a processing call (<see cref="StorageWork"/>) processing's, once the adaptive limit has room, telling it how
/// the call went.
/// </summary>
public sealed class StorageResiliencePolicy(StorageDependency requests, StorageDependency processing, AdaptiveStorageLimit limit) : HttpPipelinePolicy
{
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!StorageWork.IsProcessing)
        {
            await requests.SendAsync(message, m => ProcessNextAsync(m, pipeline));
            return;
        }

        await limit.AcquireAsync(message.CancellationToken);
        var started = Stopwatch.GetTimestamp();
        var refused = true;
        try
        {
            await processing.SendAsync(message, m => ProcessNextAsync(m, pipeline));
            refused = message.HasResponse && message.Response.Status is 429 or >= 500;
        }
        finally
        {
            limit.Release(Stopwatch.GetElapsedTime(started), refused);
        }
    }

    /// <summary>Sluice calls storage asynchronously only; a synchronous call still gets the same pipeline.</summary>
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
