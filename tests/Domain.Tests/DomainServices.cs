using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Ingestion;
using Sluice.Storage;

using Sluice.Server.Queues;

namespace Sluice.Domain.Tests;

/// <summary>
/// The Domain as a host would compose it, without HTTP: real Azurite, the test class's own tables, and optional
/// pipeline policies (request counters, injected latency). Two of these with one prefix act as two instances.
/// </summary>
public sealed class DomainServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private DomainServices(ServiceProvider provider) => _provider = provider;

    public static async Task<DomainServices> StartAsync(AzuriteFixture storage, string tablePrefix, IDictionary<string, string?>? settings = null, params HttpPipelinePolicy[] policies) =>
        await StartAsync(storage, tablePrefix, settings, services => policies.ToList().ForEach(p => services.AddSingleton(p)));

    /// <param name="configure">Runs after the Domain's registrations, so it can replace them (a test clock, a recording queue).</param>
    /// <param name="provision">False for storage that is meant to be unreachable.</param>
    public static async Task<DomainServices> StartAsync(
        AzuriteFixture storage, string tablePrefix, IDictionary<string, string?>? settings, Action<IServiceCollection> configure, bool provision = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sluice:Storage:ConnectionString"] = storage.ConnectionString,
            ["Sluice:Storage:TablePrefix"] = tablePrefix,
            // Sized for a loaded machine (CI shares two cores), not production's 2 s; tests about slow storage set their own.
            ["Sluice:Storage:CallTimeout"] = "00:00:10",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging().AddSluiceDomain(configuration).AddStorageQueueTransport();
        // Every real host provides this; the MCP SDK's handler asks for it.
        services.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        configure(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var provisioned in provision ? provider.GetServices<IProvisioned>() : [])
        {
            await provisioned.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        return new DomainServices(provider);
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
