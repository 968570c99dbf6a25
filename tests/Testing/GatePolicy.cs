using Azure.Core;
using Azure.Core.Pipeline;

namespace Sluice.Testing;

/// <summary>Holds every storage request whose path contains <paramref name="pathPart"/> while closed, until opened: a dependency that stops answering.</summary>
public sealed class GatePolicy(string pathPart) : HttpPipelinePolicy
{
    private volatile TaskCompletionSource _open = Opened();
    private int _held;
    private int _inFlight;

    /// <summary>Requests that found the gate closed.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Matching requests sent and not yet answered, held or not.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!message.Request.Uri.Path.Contains(pathPart, StringComparison.Ordinal))
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            var gate = _open;
            if (!gate.Task.IsCompleted)
            {
                Interlocked.Increment(ref _held);
                await gate.Task.WaitAsync(message.CancellationToken);
            }

            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
