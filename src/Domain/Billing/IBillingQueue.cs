namespace Sluice.Billing;

/// <summary>
/// The <c>billing</c> queue: one message per recorded Stripe event, its body the event id (the payload stays in the
/// ledger). A Storage queue in the Server, Service Bus in the Functions host (message id = event id).
/// </summary>
public interface IBillingQueue
{
    Task SendAsync(string eventId, CancellationToken cancellationToken);
}
