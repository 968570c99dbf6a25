using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Functions;

/// <summary>The Functions host's services: the Domain, the Service Bus transport and the orchestrations' options. Program and the tests both use it.</summary>
public static class FunctionsServices
{
    public static IServiceCollection AddSluiceFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSluiceDomain(configuration);
        services.AddServiceBusTransport(configuration);
        services.AddSingleton<IMessageRescheduler, ServiceBusRescheduler>();
        services.AddSingleton<QueueSettlement>();
        services.AddSingleton<DeadLetterRecording>();
        services.AddSingleton<EventDeliveries>();
        services.AddSingleton<BillingDeliveries>();
        services.AddOptions<OrchestrationOptions>().Bind(configuration.GetSection(OrchestrationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
