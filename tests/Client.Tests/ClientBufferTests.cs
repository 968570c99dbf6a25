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

    [Fact]
    public async Task A_flush_that_gives_up_keeps_every_buffered_event_for_the_next()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var unreachable = new Unreachable { InnerHandler = new HttpClientHandler(), Down = true };
        await using var client = new SluiceClient(
            new SluiceClientOptions
            {
                BaseAddress = host.Address,
                ApiKey = tenant.DefaultRequestHeaders.Authorization!.Parameter!,
                Deadline = TimeSpan.FromSeconds(1),
                RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            },
            unreachable);
        foreach (var e in ClientRetryTests.Events("kept", 150))
        {
            await client.EnqueueAsync(e, TestContext.Current.CancellationToken);
        }

        await Assert.ThrowsAsync<SluiceGaveUpException>(() => client.FlushAsync(TestContext.Current.CancellationToken));
        unreachable.Down = false;

        Assert.Equal(150, await client.FlushAsync(TestContext.Current.CancellationToken));
        await tenant.WaitForProcessedAsync(150);
        Assert.Equal(150, (await tenant.ListAllAsync()).Count);
    }

    /// <summary>No answer while <see cref="Down"/>, as when the network between client and Sluice is gone.</summary>
    private sealed class Unreachable : DelegatingHandler
    {
        public volatile bool Down;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Down ? throw new HttpRequestException("unreachable") : base.SendAsync(request, cancellationToken);
    }
}
