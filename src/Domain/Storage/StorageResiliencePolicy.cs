using Azure.Core;
using Azure.Core.Pipeline;

namespace Sluice.Storage;

/// <summary>Puts a <see cref="StorageDependency"/>'s pipeline in an Azure client, in place of the SDK's own retry policy.</summary>
public sealed class StorageResiliencePolicy(StorageDependency dependency) : HttpPipelinePolicy
{
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        dependency.SendAsync(message, m => ProcessNextAsync(m, pipeline));

    /// <summary>Sluice calls storage asynchronously only; a synchronous call still gets the same pipeline.</summary>
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
