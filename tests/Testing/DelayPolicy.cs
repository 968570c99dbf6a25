using Azure.Core;
using Azure.Core.Pipeline;

namespace Sluice.Testing;

/// <summary>Holds storage requests back while <see cref="Enabled"/>, like a slow dependency.</summary>
public sealed class DelayPolicy(TimeSpan delay, bool enabled = true) : HttpPipelinePolicy
{
    public volatile bool Enabled = enabled;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Enabled)
        {
            await Task.Delay(delay, message.CancellationToken);
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Enabled)
        {
            Thread.Sleep(delay);
        }

        ProcessNext(message, pipeline);
    }
}
