using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Sluice.Server.Local;

namespace Sluice.Testing;

/// <summary>
/// Sluice as a user runs it: <c>scripts/run</c> itself (setup, build, the Server with the Azurite it adopts or
/// starts), on a spare port over a data directory of its own, in a process group of its own so that the whole tree
/// can be killed at once. Knows the pids a crash test needs: the Server's (a child of <c>dotnet run</c>) and
/// Azurite's (from the run's state file).
/// </summary>
public sealed class RunScript : IAsyncDisposable
{
    private readonly Process _run;
    private readonly string _dataDirectory;
    private readonly List<string> _output;

    private RunScript(Process run, string dataDirectory, Uri address, int serverPid, List<string> output)
    {
        _run = run;
        _output = output;
        _dataDirectory = dataDirectory;
        Address = address;
        ServerPid = serverPid;
        ApiKey = File.ReadAllText(Path.Combine(dataDirectory, "demo-key")).Trim();
        Admin = new HttpClient { BaseAddress = address };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(dataDirectory, "admin-token")).Trim());
    }

    public Uri Address { get; }

    /// <summary>The demo tenant's key (ingest and read), as the run printed it.</summary>
    public string ApiKey { get; }

    /// <summary>Sends the run's local admin token.</summary>
    public HttpClient Admin { get; }

    public int ServerPid { get; }

    /// <summary>The Azurite the run uses, from its state file.</summary>
    public int AzuritePid => AzuritePidIn(_dataDirectory);

    /// <summary>Kills the Azurite a run left in <paramref name="dataDirectory"/>, if it still runs: a test's clean-up.</summary>
    public static void KillAzuriteLeftIn(string dataDirectory)
    {
        if (File.Exists(Path.Combine(dataDirectory, "azurite.json")) && AzuritePidIn(dataDirectory) is var pid && IsRunning(pid))
        {
            Signal(pid, "KILL");
        }
    }

    /// <summary>Starts <c>scripts/run</c> and waits for the curl line it prints once the demo tenant is ready.</summary>
    /// <param name="output">Receives every line the run prints, for as long as it runs.</param>
    /// <param name="settings">More arguments for the Server, such as <c>--Sluice:Section:Key=value</c>.</param>
    public static async Task<RunScript> StartAsync(string dataDirectory, int port, TimeSpan patience, CancellationToken cancellationToken, List<string>? output = null, IEnumerable<string>? settings = null)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = RepositoryRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment = { ["SLUICE_PORT"] = port.ToString(CultureInfo.InvariantCulture) },
        };
        // A killed Server's messages come back after the visibility timeout; production's 2 min would only make tests wait.
        foreach (var argument in (string[])["scripts/run", $"--Sluice:Local:DataDirectory={dataDirectory}", "--Sluice:Processing:VisibilityTimeout=00:00:10", .. settings ?? []])
        {
            start.ArgumentList.Add(argument);
        }

        var run = Process.Start(start) ?? throw new InvalidOperationException("Could not start scripts/run.");
        output ??= [];
        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        run.OutputDataReceived += (_, e) => Observe(e.Data);
        run.ErrorDataReceived += (_, e) => Observe(e.Data);
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            await announced.Task.WaitAsync(patience, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Signal(-run.Id, "KILL");
            lock (output)
            {
                throw new InvalidOperationException($"scripts/run did not announce itself. It said:\n{string.Join('\n', output)}", e);
            }
        }

        var address = new Uri($"http://127.0.0.1:{port}");
        return new RunScript(run, dataDirectory, address, FindServer(port), output);

        void Observe(string? line)
        {
            if (line is null)
            {
                announced.TrySetException(new InvalidOperationException("scripts/run exited."));
                return;
            }

            lock (output)
            {
                output.Add(line);
            }

            if (line.TrimStart().StartsWith("curl ", StringComparison.Ordinal))
            {
                announced.TrySetResult();
            }
        }
    }

    /// <summary>Runs <c>scripts/run</c> to its end, for a run that must refuse to start; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string dataDirectory, int port, TimeSpan patience, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo(Path.Combine(root, "scripts", "run"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            Environment = { ["SLUICE_PORT"] = port.ToString(CultureInfo.InvariantCulture) },
        };
        start.ArgumentList.Add($"--Sluice:Local:DataDirectory={dataDirectory}");
        using var run = Process.Start(start) ?? throw new InvalidOperationException("Could not start scripts/run.");
        var output = Task.WhenAll(run.StandardOutput.ReadToEndAsync(cancellationToken), run.StandardError.ReadToEndAsync(cancellationToken));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(patience);
        await run.WaitForExitAsync(timeout.Token);
        var (stdout, stderr) = ((await output)[0], (await output)[1]);
        return (run.ExitCode, stdout + stderr);
    }

    /// <summary>A client presenting the demo tenant's key.</summary>
    public HttpClient Tenant()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>Kills the Server process alone (a crash, the OOM killer) and waits until the run has ended.</summary>
    public Task KillServerAsync() => SignalAndWaitAsync(ServerPid, "KILL", TimeSpan.FromSeconds(30));

    /// <summary>Kills every process of the run at once (the power cut to the process tree) and waits until it has ended.</summary>
    public Task KillProcessGroupAsync() => SignalAndWaitAsync(-_run.Id, "KILL", TimeSpan.FromSeconds(30));

    /// <summary>
    /// A clean stop: SIGTERM to the run's process group, as a service manager or <c>kill</c> stops it (Ctrl+C's SIGINT
    /// takes the same path in the host, but a shell ignores SIGINT for the background jobs it starts, so a test that
    /// relied on it would depend on how it was launched); waits for the run to end.
    /// </summary>
    public Task StopAsync(TimeSpan patience) => SignalAndWaitAsync(-_run.Id, "TERM", patience);

    /// <summary>Whether <paramref name="pid"/> is a live process (a zombie's command line is empty).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Length > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.HasExited)
        {
            await StopAsync(LoadedMachine.Patience);
        }

        Admin.Dispose();
        _run.Dispose();
    }

    private async Task SignalAndWaitAsync(int target, string signal, TimeSpan patience)
    {
        Signal(target, signal);
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _run.WaitForExitAsync(timeout.Token);
            while (IsRunning(ServerPid))
            {
                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Signal(-_run.Id, "KILL");
            lock (_output)
            {
                throw new TimeoutException($"scripts/run did not end within {patience.TotalSeconds:0} s of SIG{signal} (Server {(IsRunning(ServerPid) ? "still running" : "gone")}, Azurite {(IsRunning(AzuritePid) ? "still running" : "gone")}). Its last lines:\n{string.Join('\n', _output.TakeLast(40))}");
            }
        }
    }

    private static int AzuritePidIn(string dataDirectory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDirectory, "azurite.json"))).RootElement.GetProperty("Pid").GetInt32();

    private static void Signal(int target, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, "--", target.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The Server that <c>dotnet run</c> started: the process whose command line serves <paramref name="port"/>.</summary>
    private static int FindServer(int port)
    {
        var urls = $"http://127.0.0.1:{port}";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                    if (arguments[0].EndsWith("Sluice.Server", StringComparison.Ordinal) && arguments.Contains(urls))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
        }

        throw new InvalidOperationException($"No Sluice.Server process serves {urls}.");
    }
}
