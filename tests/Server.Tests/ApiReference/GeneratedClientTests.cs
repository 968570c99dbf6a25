using System.Diagnostics;
using Sluice.Server.ApiReference;
using Sluice.Server.Local;

namespace Sluice.Server.Tests.ApiReference;

/// <summary>
/// A client generated from the served document by a tool nobody here wrote (openapi-typescript, pinned in
/// package.json) sends events through openapi-fetch: tests/GeneratedClient/send-events.ts must type-check against the
/// generated types, then its events must reach the log and its bad event must come back as the documented problem.
/// </summary>
public class GeneratedClientTests(ServerFixture server) : ServerTests(server)
{
    [Fact]
    public async Task A_client_generated_from_the_document_sends_events_and_reads_the_problem()
    {
        using var tenant = await Host.TenantClientAsync();
        var root = RepositoryRoot.Find();
        var work = Directory.CreateTempSubdirectory("sluice-generated-client-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, "tests", "GeneratedClient")))
            {
                File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
            }

            await File.WriteAllTextAsync(Path.Combine(work, "package.json"), """{ "type": "module" }""", Ct);
            Directory.CreateSymbolicLink(Path.Combine(work, "node_modules"), Path.Combine(root, "node_modules"));

            await NodeAsync(work, [Path.Combine(root, "node_modules", "openapi-typescript", "bin", "cli.js"), new Uri(Host.Address, ApiReferenceEndpoints.DocumentPath).ToString(), "-o", "sluice-api.d.ts"]);
            await NodeAsync(work, [Path.Combine(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
            var sent = await NodeAsync(work, ["send-events.js"], new Dictionary<string, string>
            {
                ["SLUICE_URL"] = Host.Address.ToString().TrimEnd('/'),
                ["SLUICE_KEY"] = tenant.DefaultRequestHeaders.Authorization!.Parameter!,
            });

            Assert.Contains("\"refused\":\"urn:sluice:problem:invalid-events\"", sent, StringComparison.Ordinal);
            await tenant.WaitForEventAsync("generated-one");
            await tenant.WaitForEventAsync("generated-two");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> NodeAsync(string directory, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var node = Process.Start(start)!;
        var output = await Task.WhenAll(node.StandardOutput.ReadToEndAsync(Ct), node.StandardError.ReadToEndAsync(Ct));
        await node.WaitForExitAsync(Ct);
        Assert.True(node.ExitCode == 0, $"node {string.Join(' ', arguments)} failed (exit {node.ExitCode}):\n{output[0]}\n{output[1]}");
        return output[0];
    }
}
