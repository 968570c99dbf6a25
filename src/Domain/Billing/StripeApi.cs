using Stripe;

namespace Sluice.Billing;

/// <summary>
/// The Stripe API calls Sluice makes, through Stripe.net. Its own retries are off: the HTTP client it is given runs
/// the Polly pipeline of <see cref="BillingServices"/> (retries honouring Retry-After, a breaker, timeouts).
/// </summary>
public sealed class StripeApi(IHttpClientFactory httpClients, IOptions<StripeOptions> options)
{
    public const string HttpClientName = "stripe";
    private const int PageSize = 100;

    /// <summary>Every subscription of a customer, whatever its status.</summary>
    public async Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(string customerId, CancellationToken cancellationToken)
    {
        var subscriptions = new List<Subscription>();
        var listing = Client().V1.Subscriptions.ListAutoPagingAsync(
            new SubscriptionListOptions { Customer = customerId, Status = "all", Limit = PageSize }, cancellationToken: cancellationToken);
        await foreach (var subscription in listing)
        {
            subscriptions.Add(subscription);
        }

        return subscriptions;
    }

    /// <summary>Events of the given types created at or after <paramref name="since"/>, newest first, every page.</summary>
    public IAsyncEnumerable<Event> ListEventsAsync(DateTimeOffset since, IEnumerable<string> types, CancellationToken cancellationToken) =>
        Client().V1.Events.ListAutoPagingAsync(
            new EventListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime }, Types = types.ToList(), Limit = PageSize },
            cancellationToken: cancellationToken);

    private StripeClient Client() => new(new StripeClientOptions
    {
        ApiKey = options.Value.ApiKey,
        ApiBase = options.Value.ApiBase.ToString().TrimEnd('/'),
        HttpClient = new SystemNetHttpClient(httpClients.CreateClient(HttpClientName), maxNetworkRetries: 0, appInfo: null, enableTelemetry: false),
    });
}
