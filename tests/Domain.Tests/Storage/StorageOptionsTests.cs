using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Storage;

namespace Sluice.Domain.Tests.Storage;

/// <summary>Storage is reached by connection string (Azurite) or by service URIs and an identity (Azure); nothing else starts.</summary>
public class StorageOptionsTests
{
    [Fact]
    public void Without_a_connection_string_or_service_uris_the_host_refuses_to_start()
    {
        using var provider = Provider(new() { ["Sluice:Storage:TablePrefix"] = "sluice" });
        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("TableServiceUri and BlobServiceUri", refused.Message);
    }

    [Fact]
    public void With_service_uris_the_clients_address_those_accounts_with_an_identity()
    {
        using var provider = Provider(new()
        {
            ["Sluice:Storage:TableServiceUri"] = "https://sluiceprod.table.core.windows.net",
            ["Sluice:Storage:BlobServiceUri"] = "https://sluiceprod.blob.core.windows.net",
            ["Sluice:Storage:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal("sluiceprod", provider.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal("sluiceprod", provider.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().AccountName);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddSluiceDomain(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
