using System.Reflection;
using Sluice.Server.Local;

namespace Sluice.Domain.Tests;

public class ProblemCatalogueTests
{
    private static readonly ProblemType[] Catalogue = typeof(ProblemTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ProblemType))
        .Select(f => (ProblemType)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void Every_problem_type_is_documented_for_clients()
    {
        var documented = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "problems.md"));

        Assert.NotEmpty(Catalogue);
        Assert.All(Catalogue, type => Assert.Contains($"| `{type.Uri}` | {type.Status} | {type.Title} |", documented));
    }

    [Fact]
    public void Problem_types_are_unique_and_never_500_for_an_expected_failure()
    {
        Assert.Equal(Catalogue.Length, Catalogue.Select(t => t.Slug).Distinct().Count());
        Assert.Equal([ProblemTypes.Internal], Catalogue.Where(t => t.Status == 500));
    }
}
