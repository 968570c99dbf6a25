using Azure;
using Azure.Data.Tables;
using Polly.CircuitBreaker;
using Sluice.Storage;

namespace Sluice.Domain.Tests.Storage;

/// <summary>Processing's storage calls go through breakers of their own and the adaptive limit; requests' calls do neither.</summary>
public class StorageWorkTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Processing_failures_open_processing_breakers_only_and_readiness_stays_on_the_requests_breakers()
    {
        // Storage that does not answer at all (a closed loopback port).
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix(),
            new Dictionary<string, string?> { ["Sluice:Storage:ConnectionString"] = Server.Local.AzuriteProcess.ConnectionStringFor(1, 1, 1) }, _ => { }, provision: false);
        var tables = domain.Get<SluiceTables>();
        var dependencies = domain.Get<StorageDependencies>();

        for (var call = 0; call < AdaptiveStorageLimit.MinimumWindow; call++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => AsProcessingAsync(() => ReadAsync(tables)));
        }

        Assert.Equal(CircuitState.Open, dependencies.ProcessingTables.Breaker.CircuitState);
        Assert.Equal(CircuitState.Closed, dependencies.Tables.Breaker.CircuitState);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync(tables));
        Assert.IsNotType<BrokenCircuitException>(refused);
        Assert.Equal(AdaptiveStorageLimit.Refused, dependencies.ProcessingLimit.LastChange);
    }

    [Fact]
    public async Task Slow_processing_calls_shrink_the_limit_and_fast_ones_that_use_it_raise_it()
    {
        var slow = new DelayPolicy(TimeSpan.FromMilliseconds(300));
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix(),
            new Dictionary<string, string?> { ["Sluice:Storage:ProcessingLatencyTarget"] = "00:00:00.150" }, slow);
        var tables = domain.Get<SluiceTables>();
        var limit = domain.Get<StorageDependencies>().ProcessingLimit;

        await AsProcessingAsync(() => Task.WhenAll(Enumerable.Range(0, 40).Select(_ => ReadAsync(tables))));
        Assert.Equal(AdaptiveStorageLimit.Slow, limit.LastChange);
        Assert.True(limit.Limit < 4, $"limit {limit.Limit} after slow calls");

        // Requests' calls are neither counted nor held back.
        var before = limit.Changes.Values.Sum();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => ReadAsync(tables)));
        Assert.Equal(before, limit.Changes.Values.Sum());

        slow.Enabled = false;
        var wasLimit = limit.Limit;
        await AsProcessingAsync(() => Task.WhenAll(Enumerable.Range(0, 400).Select(_ => ReadAsync(tables))));
        Assert.True(limit.Limit > wasLimit, $"limit {limit.Limit} after fast calls (was {wasLimit}); last change: {limit.LastChange}");
    }

    private static async Task AsProcessingAsync(Func<Task> work)
    {
        StorageWork.MarkProcessing();
        await work();
    }

    private static async Task ReadAsync(SluiceTables tables)
    {
        try
        {
            await tables.Tenants.GetEntityIfExistsAsync<TableEntity>("nobody", "nothing", cancellationToken: Ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
