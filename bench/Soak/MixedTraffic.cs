using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Bench.Harness;
using Sluice.Testing;

namespace Sluice.Bench.Soak;

/// <summary>
/// The soak's traffic beside steady ingestion, each kind in its own loop: reading back (listings, single events,
/// usage), MCP (sessions opened, used for a few tool calls, half ended and half abandoned to the reaper; stateless
/// calls too), and Stripe webhooks (a new tenant's upgrade every few seconds, each event delivered three times).
/// </summary>
public sealed class MixedTraffic(SluiceStack stack, string key, TimeSpan readEvery, TimeSpan mcpEvery) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public LatencySample Reads { get; } = new();

    public LatencySample Mcp { get; } = new();

    public LatencySample Webhooks { get; } = new();

    public int WebhookTenants { get; private set; }

    public void Start()
    {
        _loops.Add(Loop(ReadAsync, readEvery));
        _loops.Add(Loop(McpAsync, mcpEvery));
        _loops.Add(Loop(WebhooksAsync, TimeSpan.FromSeconds(3)));
    }

    private Task Loop(Func<HttpClient, Task> step, TimeSpan pause) => Task.Run(async () =>
    {
        using var client = stack.ClientWithKey(key);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await step(client);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // counted by the step as no answer
            }

            await Task.Delay(pause);
        }
    });

    private async Task ReadAsync(HttpClient client)
    {
        string? newest = null;
        await TimedAsync(Reads, async () =>
        {
            var response = await client.GetAsync("/api/events?limit=50");
            if (response.IsSuccessStatusCode)
            {
                newest = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } e
                    ? e.GetProperty("id").GetString()
                    : null;
            }

            return response;
        });
        await TimedAsync(Reads, () => client.GetAsync("/api/usage"));
        await TimedAsync(Reads, () => client.GetAsync(newest is null ? "/api/me" : $"/api/events/{newest}"));
    }

    private async Task McpAsync(HttpClient client)
    {
        string? session = null;
        await TimedAsync(Mcp, async () =>
        {
            var response = await client.SendAsync(McpRequests.Post(McpRequests.Initialize, protocolVersion: null));
            session = response.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.Single() : null;
            return response;
        });
        if (session is null)
        {
            return;
        }

        foreach (var call in new[] { ("search_events", """{"type":"suite.tick","limit":5}"""), ("recent_events", """{"limit":10}"""), ("get_usage", "{}") })
        {
            await TimedAsync(Mcp, () => client.SendAsync(McpRequests.Post(McpRequests.CallTool(call.Item1, call.Item2), McpRequests.SessionRevision, session)));
        }

        await TimedAsync(Mcp, () => client.SendAsync(McpRequests.Stateless("tools/list")));
        if (Random.Shared.Next(2) == 0)
        {
            using var end = new HttpRequestMessage(HttpMethod.Delete, "/mcp");
            end.Headers.Add("Mcp-Session-Id", session);
            await TimedAsync(Mcp, () => client.SendAsync(end));
        }
    }

    private async Task WebhooksAsync(HttpClient client)
    {
        var n = WebhookTenants++;
        var (tenantId, _) = await stack.CreateTenantAsync($"soak-billing-{n}", plan: "free", rateLimit: null);
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        var (created, checkout) = stack.Stripe.CompleteCheckout(tenantId, $"cus_soak{n}", $"sub_soak{n}", SluiceStack.ProPrice, at);
        var upgraded = stack.Stripe.SetSubscription($"cus_soak{n}", $"sub_soak{n}", "active", SluiceStack.TeamPrice, at.AddSeconds(30))!;
        foreach (var json in new[] { created, checkout, upgraded, created, upgraded, checkout, upgraded, checkout, created })
        {
            await TimedAsync(Webhooks, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhooks.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhooks.Sign(json, SluiceStack.WebhookSecret, DateTimeOffset.UtcNow));
                return client.SendAsync(request);
            });
        }
    }

    /// <summary>Tenants of the webhook loop not on team in the end: upgrades lost.</summary>
    public async Task<int> WrongPlansAsync()
    {
        var wrong = 0;
        string? continuation = null;
        do
        {
            var page = await stack.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/tenants?limit=200{(continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}")}");
            wrong += page.GetProperty("items").EnumerateArray()
                .Count(t => t.GetProperty("name").GetString()!.StartsWith("soak-billing-", StringComparison.Ordinal) && t.GetProperty("plan").GetString() != "team");
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);

        return wrong;
    }

    private static async Task TimedAsync(LatencySample sample, Func<Task<HttpResponseMessage>> send)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var response = await send();
            sample.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started), (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            sample.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started), 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
