namespace Sluice.Billing;

/// <summary>What the webhook answers Stripe: the event recorded, whether it was already in the ledger, and its status there.</summary>
public sealed record StripeEventReceipt(string Received, string Type, bool Duplicate, string Status);
