using System.Diagnostics;
using Sluice.Server.Local;

namespace Sluice.Bench.Harness;

/// <summary>A server under test in its own process, so that its memory is its own and can be measured.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    private static IEnumerable<KeyValuePair<string, string>> ServerRuntime() =>
        File.ReadLines(Path.Combine(RepositoryRoot.Find(), "src", "Server", "runtime.env"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .Select(pair => KeyValuePair.Create(pair[0], pair[1]));

    /// <summary>
    /// Starts <paramref name="dll"/> with the runtime settings scripts/run gives the Server (src/Server/runtime.env,
    /// unless <paramref name="environment"/> or the bench's own environment sets them) and waits until
    /// <paramref name="readyUrl"/> answers; its output goes to <paramref name="logFile"/> when given.
    /// </summary>
    public static async Task<ChildProcess> StartAsync(string dll, IEnumerable<string> arguments, IDictionary<string, string> environment, Uri readyUrl, string? logFile = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in ServerRuntime().Where(s => !start.Environment.ContainsKey(s.Key)))
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var log = logFile is null ? null : TextWriter.Synchronized(new StreamWriter(logFile, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log?.WriteLine(e.Data);
                Console.Error.WriteLine($"  [child] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(readyUrl);
                if (response.IsSuccessStatusCode)
                {
                    return new ChildProcess(process);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{dll} did not become ready at {readyUrl}.");
            }

            await Task.Delay(200);
        }
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Peak resident memory so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB() => ProcStatus.PeakRssMiB(_process.Id);

    /// <summary>Resident memory now (VmRSS), in MiB.</summary>
    public double RssMiB() => ProcStatus.RssMiB(_process.Id);

    /// <summary>The process's threads now.</summary>
    public long Threads() => ProcStatus.Threads(_process.Id);

    /// <summary>Kills the process at once (SIGKILL), as a crashed or evicted instance ends.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
