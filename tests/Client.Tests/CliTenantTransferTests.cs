using System.Text.Json;

namespace Sluice.Client.Tests;

/// <summary>
/// <c>sluice admin export</c> to a file and <c>sluice admin import</c> from it into another deployment (another table
/// prefix), progress on stderr; a damaged file is refused with its line and a non-zero exit.
/// </summary>
public class CliTenantTransferTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task A_tenant_exported_to_a_file_imports_into_another_deployment_and_a_damaged_file_is_refused()
    {
        await using var source = await StartHostAsync();
        using var tenant = await source.TenantClientAsync();
        var tenantId = (await tenant.GetFromJsonAsync<JsonElement>("/api/me", Ct)).GetProperty("id").GetString()!;
        for (var i = 0; i < 5; i++)
        {
            await tenant.SendAsync("cli.moved", new { i }, $"cli-{i}");
        }

        await tenant.WaitForProcessedAsync(5);
        var work = Directory.CreateTempSubdirectory("sluice-cli-transfer-").FullName;
        var file = Path.Combine(work, "tenant.ndjson");
        await using var target = await SluiceHost.StartAsync(Storage, AzuriteFixture.NewTablePrefix());

        var exported = await AdminCliAsync(source, ["admin", "export", tenantId, "--output", file]);
        Assert.Equal(0, exported.ExitCode);
        Assert.Matches(@"exported \d+ lines", exported.Stderr);
        var imported = await AdminCliAsync(target, ["admin", "import", "--input", file]);
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Contains("sent", imported.Stderr, StringComparison.Ordinal);
        Assert.Equal(tenantId, JsonDocument.Parse(imported.Stdout).RootElement.GetProperty("tenantId").GetString());
        using var moved = target.WithKey(tenant.DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.Equal(5, (await moved.ListAllAsync()).Count);

        var lines = await File.ReadAllLinesAsync(file, Ct);
        await File.WriteAllLinesAsync(file, lines[..^1], Ct);
        var refused = await AdminCliAsync(target, ["admin", "import", "--input", file]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"Line {lines.Length}: the stream ends before its trailer", refused.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> AdminCliAsync(SluiceHost host, string[] arguments)
    {
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;
        return await CliProcess.RunAsync(host.Address, "no-tenant-key", outbox, [.. arguments, "--admin-token", SluiceHost.AdminToken]);
    }
}
