using Microsoft.Extensions.DependencyInjection;
using Sluice.Billing;

using Sluice.Ingestion;
using Sluice.Storage;

namespace Sluice.Server.Queues;

public static class StorageQueueTransport
{
    /// <summary>Events and Stripe events travel over Azure Storage queues: the Server's transport (the Functions host registers Service Bus instead).</summary>
    public static IServiceCollection AddStorageQueueTransport(this IServiceCollection services)
    {
        services.AddSingleton<StorageEventQueue>();
        services.AddSingleton<IEventQueue>(sp => sp.GetRequiredService<StorageEventQueue>());
        services.AddSingleton<IProvisioned>(sp => sp.GetRequiredService<StorageEventQueue>());
        services.AddSingleton<StorageBillingQueue>();
        services.AddSingleton<IBillingQueue>(sp => sp.GetRequiredService<StorageBillingQueue>());
        services.AddSingleton<IProvisioned>(sp => sp.GetRequiredService<StorageBillingQueue>());
        return services;
    }
}
