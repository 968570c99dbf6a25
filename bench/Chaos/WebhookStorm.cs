using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Bench.Harness;
using Sluice.Testing;

namespace Sluice.Bench.Chaos;

/// <summary>
/// (d) A webhook replay storm: for each of several tenants, the three events of an upgrade (checkout, subscription
/// created on pro, updated to team), every one delivered many times, all deliveries shuffled together and sent
/// concurrently. Each event must be in the billing ledger once, change its tenant at most once, and every tenant
/// must end on team.
/// </summary>
public static class WebhookStorm
{
    public static async Task<FaultReport> RunAsync(FaultWindow window, int tenants, int copies)
    {
        var stack = window.Stack;
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        var events = new List<(string TenantId, string Id, string Json)>();
        for (var t = 0; t < tenants; t++)
        {
            var (tenantId, _) = await stack.CreateTenantAsync($"storm-{t}", plan: "free", rateLimit: null);
            var (created, checkout) = stack.Stripe.CompleteCheckout(tenantId, $"cus_storm{t}", $"sub_storm{t}", SluiceStack.ProPrice, at);
            var upgraded = stack.Stripe.SetSubscription($"cus_storm{t}", $"sub_storm{t}", "active", SluiceStack.TeamPrice, at.AddSeconds(30))!;
            events.AddRange(new[] { created, checkout, upgraded }.Select(json => (tenantId, Id(json), json)));
        }

        var deliveries = events.SelectMany(e => Enumerable.Repeat(e.Json, copies)).OrderBy(_ => Random.Shared.Next()).ToArray();
        var statuses = new ConcurrentDictionary<int, int>();
        var stormStarted = window.Clock.Elapsed;
        using var client = new HttpClient { BaseAddress = stack.Address, Timeout = TimeSpan.FromSeconds(30) };
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (json, _) =>
        {
            int status;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhooks.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhooks.Sign(json, SluiceStack.WebhookSecret, DateTimeOffset.UtcNow));
                using var response = await client.SendAsync(request);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }

            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        });
        var delivered = window.Clock.Elapsed;

        var unsettled = await SettleAsync(stack.Admin, events.Select(e => e.Id).ToList(), TimeSpan.FromSeconds(60));
        var settled = window.Clock.Elapsed;
        long appliedTwice = 0, wrongPlan = 0;
        foreach (var tenant in events.GroupBy(e => e.TenantId))
        {
            var audit = await stack.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/tenants/{tenant.Key}/audit?limit=200");
            // One event may make several changes (a checkout links the customer, then syncs the plan); the same change twice is a double apply.
            appliedTwice += audit.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("actor").GetString()!.StartsWith("stripe:", StringComparison.Ordinal))
                .CountBy(i => (i.GetProperty("actor").GetString(), i.GetProperty("action").GetString()))
                .Sum(c => c.Value - 1);
            var plan = (await stack.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/tenants/{tenant.Key}")).GetProperty("plan").GetString();
            wrongPlan += plan == "team" ? 0 : 1;
        }

        var failed = statuses.Where(s => s.Key is (>= 500 and not 503) or 0).Sum(s => s.Value);
        return new FaultReport(
            string.Create(CultureInfo.InvariantCulture, $"all settled {(settled - stormStarted).TotalSeconds:F1} s after the storm began ({(delivered - stormStarted).TotalSeconds:F1} s to deliver)"),
            string.Create(CultureInfo.InvariantCulture, $"{deliveries.Length:N0} deliveries of {events.Count} events ({tenants} tenants × 3, {copies} copies each, shuffled, 16 at once): answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; tenants not on team at the end: {wrongPlan}"),
            [])
        {
            Accepted = events.Count - unsettled,
            Lost = unsettled + wrongPlan,
            AppliedTwice = appliedTwice,
            ServerErrors = failed,
        };
    }

    /// <summary>Waits until the ledger has settled every event; returns how many it has not.</summary>
    private static async Task<int> SettleAsync(HttpClient admin, IReadOnlyList<string> eventIds, TimeSpan limit)
    {
        var pending = eventIds.ToHashSet();
        var until = DateTimeOffset.UtcNow + limit;
        while (pending.Count > 0 && DateTimeOffset.UtcNow < until)
        {
            foreach (var id in pending.ToList())
            {
                using var response = await admin.GetAsync($"/api/admin/billing/events/{id}");
                if (response.IsSuccessStatusCode
                    && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entry").GetProperty("status").GetString() is not "received")
                {
                    pending.Remove(id);
                }
            }

            await Task.Delay(pending.Count > 0 ? 250 : 0);
        }

        return pending.Count;
    }

    private static string Id(string json) => JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
}
