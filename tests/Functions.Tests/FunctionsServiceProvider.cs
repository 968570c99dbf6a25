using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Storage;

namespace Sluice.Functions.Tests;

/// <summary>src/Functions' own service registration over Azurite, with the test class's own tables.</summary>
public static class FunctionsServiceProvider
{
    /// <summary>The Service Bus app setting production has, and a namespace for it; clients built from it are never connected here.</summary>
    public static readonly KeyValuePair<string, string?> ServiceBusNamespace = new($"{ServiceBusTransport.Connection}:fullyQualifiedNamespace", "sluice-tests.servicebus.windows.net");

    public static IConfigurationRoot Configuration(AzuriteFixture storage, IDictionary<string, string?>? settings = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sluice:Storage:ConnectionString"] = storage.ConnectionString,
            ["Sluice:Storage:TablePrefix"] = AzuriteFixture.NewTablePrefix(),
            [ServiceBusNamespace.Key] = ServiceBusNamespace.Value,
            // Sized for a loaded machine (CI shares two cores), not production's 2 s.
            ["Sluice:Storage:CallTimeout"] = "00:00:10",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

    /// <param name="configure">Runs after src/Functions' registrations, so it can replace them.</param>
    /// <param name="provision">False for storage that is meant to be unreachable.</param>
    public static async Task<ServiceProvider> StartAsync(IConfiguration configuration, Action<IServiceCollection> configure, CancellationToken cancellationToken, bool provision = true)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(configuration).AddSluiceFunctions(configuration);
        // Every real host provides this; the MCP SDK's handler asks for it.
        services.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        configure(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        if (provision)
        {
            await ProvisionAsync(provider, cancellationToken);
        }

        return provider;
    }

    public static async Task ProvisionAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        foreach (var provisioned in provider.GetServices<IProvisioned>())
        {
            await provisioned.EnsureCreatedAsync(cancellationToken);
        }
    }
}
