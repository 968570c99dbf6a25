using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Events;
using Sluice.Storage;

namespace Sluice.Functions.Tests.Hosting;

/// <summary>
/// src/Functions as a <see cref="SluiceHost"/> serves it: its own service registration
/// (<see cref="FunctionsServices.AddSluiceFunctions"/>), its HTTP triggers (<see cref="HttpTriggerEndpoints"/>), its
/// Service Bus triggers (<see cref="ServiceBusTriggerOnAzurite"/>) on Service Bus queues kept in Azurite, and its
/// orchestrations on the Durable Task engine (<see cref="TaskHubHarness"/>) behind the durable client the admin
/// function takes. What the Functions host itself adds (its Kestrel, its limits) is not here.
/// </summary>
public sealed class FunctionsHostShape : ISluiceHostShape
{
    public async Task ConfigureAsync(WebApplicationBuilder builder)
    {
        // The Durable Task engine's own services build a Service Bus client from it.
        builder.Configuration[FunctionsServiceProvider.ServiceBusNamespace.Key] = FunctionsServiceProvider.ServiceBusNamespace.Value;
        var services = builder.Services;
        services.AddSluiceFunctions(builder.Configuration);
        services.AddSingleton<AzuriteServiceBusQueues>();
        services.AddSingleton<IProvisioned>(sp => sp.GetRequiredService<AzuriteServiceBusQueues>());
        services.AddSingleton<ServiceBusClient, AzuriteServiceBusClient>();
        if (builder.Configuration.GetValue("Sluice:Processing:Enabled", defaultValue: true))
        {
            services.AddHostedService<ProcessEventsOnAzurite>();
            services.AddHostedService<RecordDeadLetterOnAzurite>();
            services.AddHostedService<ProcessBillingOnAzurite>();
        }

        var taskHub = await TaskHubHarness.StartAsync(builder.Configuration, CancellationToken.None);
        services.AddSingleton(_ => taskHub);
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<TaskHubHarness>().Client);
    }

    public void Map(WebApplication app) => HttpTriggerEndpoints.Map(app);
}
