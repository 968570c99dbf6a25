using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Sluice.Server.Local;

/// <summary>
/// The Azurite a local run keeps its data in. It outlives the Server as a storage account outlives a crashed app:
/// a Server killed by any signal (SIGKILL, the OOM killer, its whole process group) leaves Azurite running with
/// every write it acknowledged, and the next run adopts it. Only a clean stop of the Server stops it, with SIGTERM,
/// which saves its stores; left without requests for <see cref="IdleExit"/> it saves and stops on its own.
/// </summary>
public sealed class LocalAzurite
{
    /// <summary>How long an Azurite whose Server died waits to be adopted before it saves and exits.</summary>
    public static readonly TimeSpan IdleExit = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    private readonly State _state;
    private readonly string _location;

    private LocalAzurite(State state, bool adopted, string location)
    {
        _state = state;
        Adopted = adopted;
        _location = location;
    }

    public string ConnectionString => AzuriteProcess.ConnectionStringFor(_state.Blob, _state.Queue, _state.Table);

    /// <summary>The file Azurite keeps every table in, rewritten whole on each save (<see cref="LocalTableStore"/>).</summary>
    public string TableFile => Path.Combine(_location, "__azurite_db_table__.json");

    /// <summary>Whether this run found Azurite still running from an earlier one (whose Server did not stop cleanly).</summary>
    public bool Adopted { get; }

    public int ProcessId => _state.Pid;

    /// <summary>Adopts the Azurite an earlier run left running on <paramref name="dataDirectory"/>, or starts one.</summary>
    public static async Task<LocalAzurite> AdoptOrStartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var statePath = Path.Combine(dataDirectory, "azurite.json");
        var location = Path.Combine(dataDirectory, "azurite");
        if (File.Exists(statePath) && JsonSerializer.Deserialize<State>(await File.ReadAllTextAsync(statePath, cancellationToken)) is { } left && IsRunning(left.Pid))
        {
            return new LocalAzurite(left, adopted: true, location);
        }

        var state = await StartAsync(location, Path.Combine(dataDirectory, "azurite.log"), cancellationToken);
        await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(state), cancellationToken);
        return new LocalAzurite(state, adopted: false, location);
    }

    /// <summary>Stops Azurite with SIGTERM, so it saves its stores; kills it only if it has not exited within a minute.</summary>
    public async Task StopAsync()
    {
        if (!IsRunning(_state.Pid))
        {
            return;
        }

        using var process = Process.GetProcessById(_state.Pid);
        using (var term = Process.Start("kill", ["-TERM", _state.Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        var deadline = DateTime.UtcNow + StopTimeout;
        while (IsRunning(_state.Pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                process.Kill();
                return;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<State> StartAsync(string location, string logPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(location);
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])[
            Path.Combine(root, "scripts", "azurite-child.js"), "--detach", logPath, ((int)IdleExit.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "--blobPort", "0", "--queuePort", "0", "--tablePort", "0",
            "--skipApiVersionCheck", "--disableTelemetry", "--silent", "--location", location,
        ])
        {
            start.ArgumentList.Add(argument);
        }

        using var launcher = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var launched = await launcher.StandardOutput.ReadToEndAsync(cancellationToken);
        await launcher.WaitForExitAsync(cancellationToken);
        var pid = JsonDocument.Parse(launched).RootElement.GetProperty("pid").GetInt32();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var log = File.Exists(logPath) ? await File.ReadAllTextAsync(logPath, cancellationToken) : "";
            var ports = AzuriteProcess.ListeningLine().Matches(log)
                .ToDictionary(m => m.Groups["service"].Value, m => int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture));
            if (ports.Count == 3)
            {
                return new State(pid, ports["Blob"], ports["Queue"], ports["Table"]);
            }

            if (!IsRunning(pid) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start. Run 'npm ci' in {root}. It said:\n{log}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Whether <paramref name="pid"/> is still our Azurite (not exited, and not a reused pid).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("azurite-child.js", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private sealed record State(int Pid, int Blob, int Queue, int Table);
}
