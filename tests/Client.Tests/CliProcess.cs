using System.Diagnostics;
using Sluice.Server.Local;

namespace Sluice.Client.Tests;

/// <summary>The <c>sluice</c> CLI as a user runs it: its own process, from its own build output, configured by environment variables.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private CliProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static CliProcess Start(Uri url, string apiKey, string outbox, IEnumerable<string> arguments, string? stdin = null, TimeSpan? deadline = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SLUICE_URL"] = url.ToString();
        start.Environment["SLUICE_API_KEY"] = apiKey;
        start.Environment["SLUICE_OUTBOX"] = outbox;
        start.Environment["SLUICE_DEADLINE"] = (deadline ?? TimeSpan.FromMinutes(2)).ToString();
        start.Environment["SLUICE_CONFIG"] = Path.Combine(outbox, "no-config-file.json");
        var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        return new CliProcess(process);
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Uri url, string apiKey, string outbox, IEnumerable<string> arguments, string? stdin = null, TimeSpan? deadline = null)
    {
        using var cli = Start(url, apiKey, outbox, arguments, stdin, deadline);
        return await cli.WaitAsync();
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitAsync()
    {
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>SIGKILL: no chance to flush or clean up, as when a laptop lid closes or an OOM killer strikes.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>sluice.dll from the CLI project's output for the configuration these tests were built in.</summary>
    private static string Dll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(RepositoryRoot.Find(), "src", "Client", "Cli", "bin", configuration, "net10.0", "sluice.dll");
        }
    }
}
