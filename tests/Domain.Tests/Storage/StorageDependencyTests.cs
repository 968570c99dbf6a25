using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Polly.RateLimiting;
using Sluice.Storage;

namespace Sluice.Domain.Tests.Storage;

/// <summary>A dependency's bulkhead: calls beyond its concurrency are refused at once, and its room comes back.</summary>
public class StorageDependencyTests
{
    [Fact]
    public async Task A_dependency_takes_at_most_its_concurrency_at_once_and_refuses_the_rest()
    {
        var dependency = new StorageDependency("tables", StorageDependency.Requests, concurrency: 2, TimeProvider.System);
        var pipeline = HttpPipelineBuilder.Build(new TableClientOptions());
        var release = new TaskCompletionSource();

        var held = Enumerable.Range(0, 2).Select(_ => dependency.SendAsync(pipeline.CreateMessage(), async _ => await release.Task).AsTask()).ToArray();
        await Assert.ThrowsAsync<RateLimiterRejectedException>(() => dependency.SendAsync(pipeline.CreateMessage(), _ => ValueTask.CompletedTask).AsTask());

        release.SetResult();
        await Task.WhenAll(held);
        await dependency.SendAsync(pipeline.CreateMessage(), _ => ValueTask.CompletedTask);
    }
}
