using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Server.Local;

namespace Sluice.Server.Tests;

/// <summary>
/// The Prometheus alert rules (infra/prometheus) and the Grafana dashboard (infra/grafana) name only series the
/// Server exports: each <c>sluice_*</c> or <c>dotnet_*</c> name in them is the Prometheus name of an instrument the
/// running Server publishes (dots to underscores, the unit's suffix, <c>_total</c> for counters). promtool checks the
/// rules' syntax and behaviour (scripts/alerts-check); this checks that they watch something real.
/// </summary>
public partial class MonitoringAssetsTests(ServerFixture server) : ServerTests(server)
{
    [Theory]
    [InlineData("infra/prometheus/sluice-alerts.yml")]
    [InlineData("infra/grafana/sluice.json")]
    public async Task Every_series_named_is_one_the_Server_exports(string file)
    {
        var exported = ExportedNames();
        var named = SeriesName().Matches(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), file), Ct))
            .Select(m => Regex.Replace(m.Value, "_(bucket|sum|count)$", ""))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(named.Count >= 8, $"only {named.Count} series named in {file}");
        Assert.Empty(named.Except(exported).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("infra/prometheus/sluice-alerts.yml")]
    [InlineData("infra/bicep/modules/alerts.bicep")]
    public async Task Every_alert_links_to_a_runbook_entry_that_exists(string file)
    {
        var root = RepositoryRoot.Find();
        var entries = Heading().Matches(await File.ReadAllTextAsync(Path.Combine(root, "docs", "operations.md"), Ct))
            .Select(m => Regex.Replace(Regex.Replace(m.Groups["title"].Value.ToLowerInvariant(), @"[^a-z0-9 -]", ""), " ", "-"))
            .ToHashSet(StringComparer.Ordinal);
        var text = await File.ReadAllTextAsync(Path.Combine(root, file), Ct);
        var anchors = RunbookAnchor().Matches(text).Select(m => m.Groups["anchor"].Value).ToHashSet(StringComparer.Ordinal);

        Assert.True(anchors.Count >= 7, $"only {anchors.Count} runbook entries linked from {file}");
        Assert.Empty(anchors.Except(entries).Order(StringComparer.Ordinal));
    }

    private HashSet<string> ExportedNames()
    {
        // Both create their instruments when first resolved (the reaper or an MCP request would resolve the second).
        Host.Services.GetRequiredService<Health.SluiceMetrics>();
        Host.Services.GetRequiredService<Sessions.SessionMetrics>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name is "Sluice" or "System.Runtime")
                {
                    var unit = instrument.Unit switch { "s" => "_seconds", "By" => "_bytes", _ => "" };
                    var total = instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) || instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal) ? "_total" : "";
                    names.Add(instrument.Name.Replace('.', '_') + unit + total);
                }
            },
        };
        listener.Start();
        return names;
    }

    [GeneratedRegex(@"\b(sluice|dotnet)_[a-z_]+\b")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"^## (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    /// <summary>An anchor after the runbook's path (Prometheus) or after <c>#</c> in an alert's anchor field (Bicep).</summary>
    [GeneratedRegex(@"(operations\.md#|anchor: ')(?<anchor>[a-z0-9-]+)")]
    private static partial Regex RunbookAnchor();
}
