using Microsoft.Extensions.DependencyInjection;
using Sluice.Events;

namespace Sluice.Ingestion;

public static class StorageQueueTransport
{
    /// <summary>
    /// Events travel over an Azure Storage queue, with a poison queue for dead letters: the Server's transport
    /// (the Functions host registers Service Bus instead).
    /// </summary>
    public static IServiceCollection AddStorageQueueTransport(this IServiceCollection services)
    {
        services.AddSingleton<StorageEventQueue>();
        services.AddSingleton<IEventQueue>(sp => sp.GetRequiredService<StorageEventQueue>());
        services.AddSingleton<IProvisioned>(sp => sp.GetRequiredService<StorageEventQueue>());
        services.AddSingleton<StorageDeadLetters>();
        services.AddSingleton<IDeadLetters>(sp => sp.GetRequiredService<StorageDeadLetters>());
        return services;
    }
}
