namespace Sluice.Server.ApiReference;

/// <summary>The document's sections, in reading order, with what each holds.</summary>
public static class ApiTags
{
    public const string Events = "Events";
    public const string Agents = "MCP";
    public const string Tenants = "Admin: tenants and keys";
    public const string Operations = "Admin: operations";
    public const string Billing = "Billing";
    public const string Health = "Health";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Events] = "What a tenant's clients do with an API key: send events, read the log, check usage.",
        [Agents] = "The Model Context Protocol endpoint agents read the log through (Streamable HTTP, JSON-RPC).",
        [Tenants] = "Tenants, their plans and overrides, their keys and their audit trail. Every change is audited under the admin's name.",
        [Operations] = "Dead letters: messages that kept failing, and their replay.",
        [Billing] = "Stripe's webhook, the ledger of Stripe events, and reconciliation against the Stripe API.",
        [Health] = "Liveness, readiness and where to start; open to anyone.",
    };
}
