using System.Text.Json;

namespace Sluice.Billing;

/// <summary>One ledger entry with the event exactly as Stripe sent it.</summary>
public sealed record LedgerEntryDetail(LedgerEntry Entry, JsonElement Payload);
