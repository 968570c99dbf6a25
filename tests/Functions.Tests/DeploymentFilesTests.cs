using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Server.Local;

namespace Sluice.Functions.Tests;

/// <summary>
/// What <c>azd up</c> reads, checked where azd cannot run: azure.yaml's service points at this project and the
/// Function App carries the tag azd looks it up by; main.parameters.json sets only parameters main.bicep declares,
/// and every parameter without a default. (The keys themselves were checked against azd's schema: docs/deploy.md.)
/// Also what the Bicep CLI cannot see: that private networking leaves no data service open.
/// </summary>
public partial class DeploymentFilesTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void Azure_yaml_deploys_this_project_to_the_app_tagged_with_its_service_name()
    {
        var azureYaml = File.ReadAllText(Path.Combine(Root, "azure.yaml"));
        var service = ServiceName().Match(azureYaml).Groups["name"].Value;
        var project = Project().Match(azureYaml).Groups["path"].Value;

        Assert.True(File.Exists(Path.Combine(Root, project, "Functions.csproj")), $"azure.yaml's project {project} holds no Functions.csproj");
        Assert.Contains($"'azd-service-name': '{service}'", File.ReadAllText(Path.Combine(Root, "infra", "bicep", "modules", "functionapp.bicep")), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+host: function$", azureYaml);
    }

    [Fact]
    public void The_parameters_file_sets_declared_parameters_and_every_required_one()
    {
        var bicep = File.ReadAllText(Path.Combine(Root, "infra", "bicep", "main.bicep"));
        var declared = BicepParameter().Matches(bicep).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success);
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "bicep", "main.parameters.json")));
        var set = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(set.Except(declared.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(declared.Where(p => !p.Value).Select(p => p.Key).Except(set).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Private_networking_closes_every_data_service_and_reaches_each_through_a_private_endpoint()
    {
        string Read(string file) => File.ReadAllText(Path.Combine(Root, "infra", "bicep", file));
        var main = Read("main.bicep");
        var network = Read(Path.Combine("modules", "network.bicep"));

        // Each data service denies other networks when asked, main asks all three, and each has its endpoints.
        foreach (var (module, groups) in new[] { ("storage", new[] { "blob", "queue", "table" }), ("servicebus", ["namespace"]), ("keyvault", ["vault"]) })
        {
            var bicep = Read(Path.Combine("modules", $"{module}.bicep"));
            Assert.Contains("param denyPublicNetwork bool = false", bicep, StringComparison.Ordinal);
            Assert.Matches(@"publicNetworkAccess: denyPublicNetwork && empty\(allowedIpRanges\) \? 'Disabled' : 'Enabled'", bicep);
            Assert.Contains($"module {ModuleSymbol(module)} 'modules/{module}.bicep'", main, StringComparison.Ordinal);
            foreach (var group in groups)
            {
                Assert.Matches($"groupId: '{group}'", network);
            }
        }

        Assert.Equal(3, Regex.Matches(main, @"denyPublicNetwork: privateNetworking").Count);
        Assert.Contains("subnetId: privateNetworking ? network!.outputs.appSubnetId : ''", main, StringComparison.Ordinal);
        Assert.Contains("virtualNetworkSubnetId: empty(subnetId) ? null : subnetId", Read(Path.Combine("modules", "functionapp.bicep")), StringComparison.Ordinal);
    }

    private static string ModuleSymbol(string module) => module switch
    {
        "servicebus" => "serviceBus",
        "keyvault" => "keyVault",
        _ => module,
    };

    [GeneratedRegex(@"(?m)^services:\s*\n\s+(?<name>[a-z0-9-]+):")]
    private static partial Regex ServiceName();

    [GeneratedRegex(@"(?m)^\s+project: (?<path>\S+)$")]
    private static partial Regex Project();

    [GeneratedRegex(@"(?m)^param (?<name>\w+) \w+(?<default> =)?")]
    private static partial Regex BicepParameter();
}
