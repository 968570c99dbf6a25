namespace Sluice.Client.Tests;

/// <summary>The in-memory buffer is bounded: past its capacity, enqueueing sends what it holds instead of growing.</summary>
public class ClientBufferTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task Enqueueing_past_the_capacity_sends_and_a_flush_sends_the_rest()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        await using var client = new SluiceClient(new SluiceClientOptions
        {
            BaseAddress = host.Address,
            ApiKey = tenant.DefaultRequestHeaders.Authorization!.Parameter!,
            BufferCapacity = 10,
        });

        foreach (var e in ClientRetryTests.Events("buffered", 25))
        {
            await client.EnqueueAsync(e, TestContext.Current.CancellationToken);
        }

        await tenant.WaitForProcessedAsync(20); // two full buffers went on their own
        Assert.Equal(20, (await tenant.ListAllAsync()).Count);
        Assert.Equal(5, await client.FlushAsync(TestContext.Current.CancellationToken));
        await tenant.WaitForProcessedAsync(25);
        Assert.Equal(25, (await tenant.ListAllAsync()).Count);
    }
}
