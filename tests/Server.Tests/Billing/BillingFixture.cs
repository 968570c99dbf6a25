namespace Sluice.Server.Tests.Billing;

/// <summary>A Server with Stripe billing on, against its own Stripe stub, on its own tables; one per test class.</summary>
public sealed class BillingFixture(AzuriteFixture storage) : IAsyncLifetime
{
    public StripeStub Stripe { get; private set; } = null!;

    public SluiceHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Stripe = await StripeStub.StartAsync();
        Host = await SluiceHost.StartAsync(storage, AzuriteFixture.NewTablePrefix(), BillingCalls.Settings(Stripe));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

/// <summary>Base of the billing tests that share one billing Server per class (each test uses its own tenants and customers).</summary>
public abstract class BillingTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private static int _customers;

    protected SluiceHost Host => billing.Host;

    protected StripeStub Stripe => billing.Stripe;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string NewCustomerId() => $"cus_test{Interlocked.Increment(ref _customers)}{Guid.NewGuid():N}"[..24];

    /// <summary>
    /// A tenant that has completed checkout for <paramref name="price"/>, delivered and applied. Applying it reads the
    /// subscription from Stripe as of now, so later events in a test are created after now, as they would be.
    /// </summary>
    protected async Task<(string TenantId, string CustomerId, string SubscriptionId)> CheckedOutTenantAsync(string price, DateTimeOffset at)
    {
        var tenantId = (await Host.CreateTenantAsync("billed", "free")).GetProperty("id").GetString()!;
        var customerId = NewCustomerId();
        var subscriptionId = "sub_" + customerId[4..];
        var (created, checkout) = Stripe.CompleteCheckout(tenantId, customerId, subscriptionId, price, at);
        await Host.DeliverSettledAsync(created);
        Assert.Equal("applied", (await Host.DeliverSettledAsync(checkout)).GetProperty("status").GetString());
        return (tenantId, customerId, subscriptionId);
    }
}
