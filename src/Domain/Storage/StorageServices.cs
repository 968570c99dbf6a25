using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Storage;

public static class StorageServices
{
    /// <summary>
    /// One <see cref="TableServiceClient"/> per process: it is thread-safe and pools HTTP connections, so there is
    /// no single shared connection to queue behind. The same for the queue and blob clients. Every <see cref="HttpPipelinePolicy"/>
    /// registered in the container joins their pipelines (the tests count storage requests that way).
    /// </summary>
    public static IServiceCollection AddSluiceStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var options = new TableClientOptions();
            ConfigureCommon(options, storage, sp.GetRequiredService<StorageDependencies>(), d => (d.Tables, d.ProcessingTables), sp);
            return storage.ConnectionString is { Length: > 0 } connection
                ? new TableServiceClient(connection, options)
                : new TableServiceClient(storage.TableServiceUri, Credential(storage), options);
        });
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            // Text messages (JSON), not base64; the service version Azurite knows.
            var options = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05) { MessageEncoding = QueueMessageEncoding.None };
            ConfigureCommon(options, storage, sp.GetRequiredService<StorageDependencies>(), d => (d.Queues, d.ProcessingQueues), sp);
            return storage.ConnectionString is { Length: > 0 } connection
                ? new QueueServiceClient(connection, options)
                : new QueueServiceClient(storage.QueueServiceUri ?? throw new InvalidOperationException("Sluice:Storage:QueueServiceUri is not set."), Credential(storage), options);
        });
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2025_11_05);
            ConfigureCommon(options, storage, sp.GetRequiredService<StorageDependencies>(), d => (d.Blobs, d.ProcessingBlobs), sp);
            return storage.ConnectionString is { Length: > 0 } connection
                ? new BlobServiceClient(connection, options)
                : new BlobServiceClient(storage.BlobServiceUri, Credential(storage), options);
        });
        services.AddSingleton<StorageDependencies>();
        services.AddSingleton<SluiceTables>();
        services.AddSingleton<StorageNames>();
        return services;
    }

    private static TokenCredential Credential(StorageOptions storage) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = storage.ManagedIdentityClientId });

    /// <summary>
    /// The dependency's Polly pipeline replaces the SDK's retry policy; the SDK still bounds each attempt with its
    /// network timeout.
    /// </summary>
    private static void ConfigureCommon(
        ClientOptions options, StorageOptions storage, StorageDependencies dependencies, Func<StorageDependencies, (StorageDependency Requests, StorageDependency Processing)> pick, IServiceProvider services)
    {
        var (requests, processing) = pick(dependencies);
        options.RetryPolicy = new StorageResiliencePolicy(requests, processing, dependencies.ProcessingLimit);
        options.Retry.NetworkTimeout = storage.CallTimeout;
        foreach (var policy in services.GetServices<HttpPipelinePolicy>())
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }
    }
}
