using Sluice.Server.Local;

namespace Sluice.Testing;

/// <summary>
/// A test's own Azurite, keeping its data on disk, which the test stops (as an operator would) and starts again on
/// the same ports: an outage. The shared fixture's Azurite is never stopped. Benchmarks use it for a fresh store per
/// target, since Azurite's cost grows with what it holds (it rewrites its whole metadata file every 5 s).
/// </summary>
public sealed class StoppableAzurite : IAsyncDisposable
{
    private readonly string _directory;
    private AzuriteProcess _process;

    private StoppableAzurite(string directory, AzuriteProcess process)
    {
        _directory = directory;
        _process = process;
    }

    /// <summary>The same before and after a restart: the ports do not change.</summary>
    public string ConnectionString => _process.ConnectionString;

    public (int Blob, int Queue, int Table) Ports => _process.Ports;

    /// <summary>The node process now, for measuring its CPU.</summary>
    public int ProcessId => _process.ProcessId;

    public static async Task<StoppableAzurite> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("sluice-own-azurite-").FullName;
        return new StoppableAzurite(directory, await AzuriteProcess.StartAsync(directory, cancellationToken));
    }

    public Task StopAsync() => _process.StopAsync();

    /// <summary>Starts it again on its old ports, waiting out the old process's sockets.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _process = await AzuriteProcess.StartAsync(_directory, cancellationToken, _process.Ports);
                return;
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
