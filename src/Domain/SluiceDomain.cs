using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Admin;
using Sluice.Auth;
using Sluice.Storage;
using Sluice.Tenants;

namespace Sluice;

/// <summary>Registers everything Sluice decides with, identically for both hosts.</summary>
public static class SluiceDomain
{
    public static IServiceCollection AddSluiceDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section))
            .Validate(o => o.Tokens.Values.All(t => t.Length >= AdminOptions.MinTokenLength),
                $"Every admin token must be at least {AdminOptions.MinTokenLength} characters.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSluiceStorage();
        services.AddSingleton<TableInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<TableInitializer>());
        services.AddSingleton<ITenantStore, TableTenantStore>();
        services.AddSingleton<TenantCache>();
        services.AddSingleton<KeyValidator>();
        services.AddSingleton<AdminAuthenticator>();
        services.AddSingleton<TenantAdministration>();
        services.AddSingleton<AdminApi>();
        services.AddSingleton<MeApi>();
        return services;
    }
}
