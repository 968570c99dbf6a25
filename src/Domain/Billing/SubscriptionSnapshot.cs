using Stripe;

namespace Sluice.Billing;

/// <summary>The parts of a Stripe subscription that decide a tenant's plan.</summary>
public sealed record SubscriptionSnapshot(string Id, string CustomerId, string Status, IReadOnlyList<string> PriceIds, DateTimeOffset Created)
{
    /// <summary>Statuses in which the customer keeps what it pays for.</summary>
    public static readonly string[] Live = ["active", "trialing", "past_due", "unpaid"];

    /// <summary>Statuses after which the subscription grants nothing.</summary>
    public static readonly string[] Ended = ["canceled", "incomplete_expired", "paused"];

    public bool IsLive => Live.Contains(Status);

    public bool IsEnded => Ended.Contains(Status);

    public static SubscriptionSnapshot Of(Subscription subscription) => new(
        subscription.Id,
        subscription.CustomerId,
        subscription.Status,
        subscription.Items?.Data?.Select(i => i.Price?.Id).OfType<string>().ToArray() ?? [],
        new DateTimeOffset(DateTime.SpecifyKind(subscription.Created, DateTimeKind.Utc)));

    /// <summary>
    /// The subscription that decides a customer's plan: the newest live one; else the newest not yet started
    /// (incomplete); else the newest ended one; null for a customer without subscriptions.
    /// </summary>
    public static SubscriptionSnapshot? Current(IEnumerable<Subscription> subscriptions) =>
        subscriptions.Select(Of)
            .OrderBy(s => s.IsLive ? 0 : s.IsEnded ? 2 : 1)
            .ThenByDescending(s => s.Created)
            .FirstOrDefault();
}
