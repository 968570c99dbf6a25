using Azure.Core;
using Azure.Core.Pipeline;

namespace Sluice.Testing;

/// <summary>Throws <paramref name="fault"/> instead of sending the next <paramref name="times"/> storage requests that match: a transport failing in a way the SDK may not wrap.</summary>
public sealed class FaultPolicy(Func<HttpMessage, bool> matches, Func<Exception> fault, int times) : HttpPipelinePolicy
{
    private int _left = times;

    /// <summary>Faults still to throw.</summary>
    public int Left => Math.Max(0, Volatile.Read(ref _left));

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (matches(message) && Interlocked.Decrement(ref _left) >= 0)
        {
            throw fault();
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
