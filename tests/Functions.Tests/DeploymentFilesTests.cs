using System.Text.Json;
using System.Text.RegularExpressions;
using Sluice.Server.Local;

namespace Sluice.Functions.Tests;

/// <summary>
/// What <c>azd up</c> reads, checked where azd cannot run: azure.yaml's service points at this project and the
/// Function App carries the tag azd looks it up by; main.parameters.json sets only parameters main.bicep declares,
/// and every parameter without a default. (The keys themselves were checked against azd's schema: docs/deploy.md.)
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

    [GeneratedRegex(@"(?m)^services:\s*\n\s+(?<name>[a-z0-9-]+):")]
    private static partial Regex ServiceName();

    [GeneratedRegex(@"(?m)^\s+project: (?<path>\S+)$")]
    private static partial Regex Project();

    [GeneratedRegex(@"(?m)^param (?<name>\w+) \w+(?<default> =)?")]
    private static partial Regex BicepParameter();
}
