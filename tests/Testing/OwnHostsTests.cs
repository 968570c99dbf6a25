using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Sluice.Testing;

/// <summary>
/// Base of tests that start their own hosts (several instances, special settings) on the run's Azurite, all
/// sharing this test's own tables.
/// </summary>
public abstract class OwnHostsTests(AzuriteFixture storage)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected AzuriteFixture Storage => storage;

    /// <summary>This test's tables: every host it starts shares them, as instances of one deployment do.</summary>
    protected string Prefix { get; } = AzuriteFixture.NewTablePrefix();

    protected Task<SluiceHost> StartHostAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        SluiceHost.StartAsync(storage, Prefix, settings, services);
}
