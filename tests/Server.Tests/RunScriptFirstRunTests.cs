using System.Net.Sockets;

namespace Sluice.Server.Tests;

/// <summary>What a newcomer meets with <c>scripts/run</c>: a refusal to start is one line that says what to do, and a request does not scroll the printed curl line away.</summary>
public class RunScriptFirstRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_busy_port_is_one_line_naming_the_port_and_SLUICE_PORT()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        using var data = RunDataDirectory.Create("sluice-run-busy-");
        var (exitCode, output) = await RunScript.RunToExitAsync(data.FullName, port, LoadedMachine.Patience, Ct);

        Assert.Equal(1, exitCode);
        var refusal = Assert.Single(output.Split('\n'), line => line.StartsWith("scripts/run:", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{port}", refusal, StringComparison.Ordinal);
        Assert.Contains("SLUICE_PORT", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_on_the_same_data_is_one_line_and_requests_log_no_framework_chatter()
    {
        using var data = RunDataDirectory.Create("sluice-run-twice-");
        var output = new List<string>();
        await using (var first = await RunScript.StartAsync(data.FullName, Ports.Free(), LoadedMachine.Patience, Ct, output))
        {
            var (exitCode, second) = await RunScript.RunToExitAsync(data.FullName, Ports.Free(), LoadedMachine.Patience, Ct);
            Assert.Equal(1, exitCode);
            var refusal = Assert.Single(second.Split('\n'), line => line.StartsWith("scripts/run:", StringComparison.Ordinal));
            Assert.Contains("another Sluice Server is running on", refusal, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", second, StringComparison.Ordinal);

            using var tenant = first.Tenant();
            for (var i = 0; i < 5; i++)
            {
                using var me = await tenant.GetAsync("/api/me", Ct);
                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            }
        }

        lock (output)
        {
            Assert.DoesNotContain(output, line => line.Contains("Request finished", StringComparison.Ordinal) || line.Contains("Executing endpoint", StringComparison.Ordinal));
        }
    }
}
