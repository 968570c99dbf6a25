using System.Net;
using System.Text.Json;
using Xunit;

namespace Sluice.Testing;

/// <summary>Settings and admin calls for tests of Stripe billing.</summary>
public static class BillingCalls
{
    public const string Secret = "whsec_test_current_0123456789";
    public const string OldSecret = "whsec_test_previous_0123456789";
    public const string ProPrice = "price_test_pro";
    public const string TeamPrice = "price_test_team";

    /// <summary>Billing on, against <paramref name="stripe"/>, with two secrets (one being rotated out) and fast retries.</summary>
    public static Dictionary<string, string?> Settings(StripeStub stripe, TimeSpan? pastDueGrace = null) => new()
    {
        ["Sluice:Stripe:WebhookSecrets:0"] = Secret,
        ["Sluice:Stripe:WebhookSecrets:1"] = OldSecret,
        ["Sluice:Stripe:ApiKey"] = StripeStub.ApiKey,
        ["Sluice:Stripe:ApiBase"] = stripe.Address.ToString(),
        ["Sluice:Stripe:Prices:" + ProPrice] = "pro",
        ["Sluice:Stripe:Prices:" + TeamPrice] = "team",
        ["Sluice:Stripe:PastDueGrace"] = (pastDueGrace ?? TimeSpan.FromDays(7)).ToString(),
        ["Sluice:Stripe:RetryBaseDelay"] = "00:00:00.050",
        ["Sluice:Processing:RetryBaseDelay"] = "00:00:00.050",
    };

    public static async Task<JsonElement> GetTenantAsync(this SluiceHost host, string tenantId)
    {
        using var response = await host.Admin.GetAsync($"/api/admin/tenants/{tenantId}");
        return await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
    }

    /// <summary>The ledger entry of a Stripe event, or null when the ledger does not have it.</summary>
    public static async Task<JsonElement?> LedgerEntryAsync(this SluiceHost host, string eventId)
    {
        using var response = await host.Admin.GetAsync($"/api/admin/billing/events/{eventId}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response)).GetProperty("entry");
    }

    /// <summary>Waits until the billing worker has settled the event, and returns its ledger entry.</summary>
    public static async Task<JsonElement> SettledAsync(this SluiceHost host, string eventId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await host.LedgerEntryAsync(eventId) is { } entry && entry.GetProperty("status").GetString() != "received")
            {
                return entry;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Stripe event {eventId} was not handled within 20 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Delivers a webhook signed with the current secret and waits until it is handled.</summary>
    public static async Task<JsonElement> DeliverSettledAsync(this SluiceHost host, string eventJson)
    {
        using var response = await host.DeliverAsync(eventJson, Secret);
        await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
        return await host.SettledAsync(EventId(eventJson));
    }

    public static async Task<int> AuditCountAsync(this SluiceHost host, string tenantId)
    {
        using var response = await host.Admin.GetAsync($"/api/admin/tenants/{tenantId}/audit?limit=200");
        return (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response)).GetProperty("items").GetArrayLength();
    }

    /// <summary>Starts a reconciliation run and waits for its report.</summary>
    public static async Task<JsonElement> ReconcileAsync(this SluiceHost host)
    {
        using var start = await host.Admin.PostAsync("/api/admin/billing/reconciliations", null);
        var started = await AdminCalls.ExpectAsync(HttpStatusCode.Accepted, start);
        var location = started.GetProperty("report").GetString()!;
        Assert.Equal(location, start.Headers.Location?.OriginalString);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            using var report = await host.Admin.GetAsync(location);
            if (report.StatusCode == HttpStatusCode.OK)
            {
                return await AdminCalls.ExpectAsync(HttpStatusCode.OK, report);
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "The reconciliation report did not appear within 60 s.");
            await Task.Delay(100);
        }
    }

    public static string EventId(string eventJson) => JsonDocument.Parse(eventJson).RootElement.GetProperty("id").GetString()!;
}
