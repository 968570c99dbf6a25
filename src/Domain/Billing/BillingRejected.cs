namespace Sluice.Billing;

/// <summary>
/// A Stripe event or state Sluice cannot apply until someone changes something (configuration, a link): retrying
/// will not help, so its ledger entry is marked failed and an admin replays it once fixed.
/// </summary>
public sealed class BillingRejected(string reason) : Exception(reason);
