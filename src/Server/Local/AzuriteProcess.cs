using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sluice.Server.Local;

/// <summary>
/// Azurite from the repo's pinned npm package, started on OS-assigned loopback ports (port 0, so no race for a
/// "free" port) and tied to this process through its stdin, so it cannot outlive us even after a SIGKILL.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private AzuriteProcess(Process process, (int Blob, int Queue, int Table) ports)
    {
        _process = process;
        Ports = ports;
        ConnectionString = ConnectionStringFor(ports.Blob, ports.Queue, ports.Table);
    }

    public string ConnectionString { get; }

    public (int Blob, int Queue, int Table) Ports { get; }

    /// <summary>The node process, for measuring it (the soak suite samples its CPU).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts Azurite keeping its data in <paramref name="location"/>, or in memory when it is null, on
    /// <paramref name="ports"/> when given (to come back where it was), else on ports the OS assigns.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string? location, CancellationToken cancellationToken, (int Blob, int Queue, int Table)? ports = null)
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            Path.Combine(root, "scripts", "azurite-child.js"),
            "--blobPort", $"{ports?.Blob ?? 0}", "--queuePort", $"{ports?.Queue ?? 0}", "--tablePort", $"{ports?.Table ?? 0}",
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var listening = new Dictionary<string, int>();
        var output = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => Observe(e.Data);
        process.ErrorDataReceived += (_, e) => Observe(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"Azurite did not start. Run 'npm ci' in {root}. It said:\n{string.Join('\n', output)}", e);
        }

        return new AzuriteProcess(process, (listening["Blob"], listening["Queue"], listening["Table"]));

        void Observe(string? line)
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException("Azurite exited."));
                return;
            }

            lock (listening)
            {
                output.Add(line);
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    listening[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (listening.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }
    }

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>
    /// Stops Azurite as an operator would (SIGTERM), letting it save its data (its stores save every 5 s and on a
    /// clean exit); kills it only if it has not exited within a minute, when writes since its last save are lost.
    /// </summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The line Azurite prints once a service listens, naming its port.</summary>
    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    internal static partial Regex ListeningLine();
}
