using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Ingestion;

public static class StorageQueueTransport
{
    /// <summary>Events travel over an Azure Storage queue: the Server's transport (the Functions host registers Service Bus instead).</summary>
    public static IServiceCollection AddStorageQueueTransport(this IServiceCollection services)
    {
        services.AddSingleton<StorageEventQueue>();
        services.AddSingleton<IEventQueue>(sp => sp.GetRequiredService<StorageEventQueue>());
        services.AddSingleton<IProvisioned>(sp => sp.GetRequiredService<StorageEventQueue>());
        return services;
    }
}
