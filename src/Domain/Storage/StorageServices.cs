using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sluice.Storage;

public static class StorageServices
{
    /// <summary>
    /// One <see cref="TableServiceClient"/> per process: it is thread-safe and pools HTTP connections, so there is
    /// no single shared connection to queue behind. Every <see cref="HttpPipelinePolicy"/> registered in the
    /// container joins its pipeline (the tests count storage requests that way).
    /// </summary>
    public static IServiceCollection AddSluiceStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var options = new TableClientOptions();
            options.Retry.Mode = RetryMode.Exponential;
            options.Retry.MaxRetries = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            options.Retry.NetworkTimeout = storage.CallTimeout;
            foreach (var policy in sp.GetServices<HttpPipelinePolicy>())
            {
                options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
            }

            return new TableServiceClient(storage.ConnectionString, options);
        });
        services.AddSingleton<SluiceTables>();
        return services;
    }
}
