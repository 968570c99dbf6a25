using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing;

/// <summary>
/// A local HTTP server speaking the shapes of the Stripe API calls Sluice makes (list events, list subscriptions:
/// Stripe's list objects, cursor paging with <c>starting_after</c>, error objects), so that Stripe.net can be
/// pointed at it. It keeps customers' subscriptions and the event log Stripe would keep, builds the events
/// (which tests deliver as webhooks, or not), and can answer the next calls with failures (429, 5xx).
/// </summary>
public sealed class StripeStub : IAsyncDisposable
{
    public const string ApiKey = "sk_test_stub_0123456789";

    /// <summary>Pages are this short whatever the client asks for, so every listing exercises auto-paging.</summary>
    public const int PageSize = 2;

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<JsonObject> _events = [];
    private readonly Dictionary<string, JsonObject> _subscriptions = [];
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _failures = new();
    private int _nextId;

    private StripeStub(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Every API call received, with when: (path, time).</summary>
    public ConcurrentQueue<(string Path, DateTimeOffset At, int Status)> Calls { get; } = new();

    public static async Task<StripeStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        StripeStub? stub = null;
        app.Run(context => stub!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new StripeStub(app, new Uri(address));
        return stub;
    }

    /// <summary>The next calls answer these statuses (with Retry-After when given) before the API answers normally again.</summary>
    public void FailNext(params (int Status, string? RetryAfter)[] failures)
    {
        foreach (var failure in failures)
        {
            _failures.Enqueue(failure);
        }
    }

    /// <summary>
    /// A completed checkout that created <paramref name="subscriptionId"/> for the customer, naming the tenant: the
    /// two events Stripe sends, subscription first.
    /// </summary>
    public (string SubscriptionCreated, string Checkout) CompleteCheckout(string tenantId, string customerId, string subscriptionId, string priceId, DateTimeOffset at)
    {
        var created = SetSubscription(customerId, subscriptionId, "active", priceId, at, record: EventKind.Created)!;
        return (created, Record("checkout.session.completed", at, new JsonObject
        {
            ["id"] = $"cs_test_{Interlocked.Increment(ref _nextId)}",
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["status"] = "complete",
            ["client_reference_id"] = tenantId,
            ["customer"] = customerId,
            ["subscription"] = subscriptionId,
        }));
    }

    /// <summary>Changes a subscription in Stripe; returns the <c>customer.subscription.*</c> event (null with <see cref="EventKind.None"/>: a change no event tells of).</summary>
    public string? SetSubscription(string customerId, string subscriptionId, string status, string priceId, DateTimeOffset at, EventKind record = EventKind.Updated)
    {
        JsonObject snapshot;
        lock (_gate)
        {
            var created = _subscriptions.TryGetValue(subscriptionId, out var existing) ? existing["created"]!.GetValue<long>() : at.ToUnixTimeSeconds();
            snapshot = new JsonObject
            {
                ["id"] = subscriptionId,
                ["object"] = "subscription",
                ["customer"] = customerId,
                ["status"] = status,
                ["created"] = created,
                ["items"] = new JsonObject
                {
                    ["object"] = "list",
                    ["has_more"] = false,
                    ["data"] = new JsonArray(new JsonObject
                    {
                        ["id"] = $"si_{subscriptionId}",
                        ["object"] = "subscription_item",
                        ["price"] = new JsonObject { ["id"] = priceId, ["object"] = "price" },
                    }),
                },
            };
            _subscriptions[subscriptionId] = snapshot;
        }

        return record switch
        {
            EventKind.None => null,
            EventKind.Created => Record("customer.subscription.created", at, snapshot.DeepClone()),
            EventKind.Deleted => Record("customer.subscription.deleted", at, snapshot.DeepClone()),
            _ => Record("customer.subscription.updated", at, snapshot.DeepClone()),
        };
    }

    public string InvoicePaymentFailed(string customerId, DateTimeOffset at) =>
        Record("invoice.payment_failed", at, new JsonObject
        {
            ["id"] = $"in_test_{Interlocked.Increment(ref _nextId)}",
            ["object"] = "invoice",
            ["customer"] = customerId,
            ["status"] = "open",
        });

    /// <summary>An event of a type Sluice does not act on.</summary>
    public string Other(string type, DateTimeOffset at) =>
        Record(type, at, new JsonObject { ["id"] = $"ch_test_{Interlocked.Increment(ref _nextId)}", ["object"] = "charge" });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string Record(string type, DateTimeOffset at, JsonNode data)
    {
        var stripeEvent = new JsonObject
        {
            ["id"] = $"evt_test{Interlocked.Increment(ref _nextId):D6}{Guid.NewGuid():N}"[..30],
            ["object"] = "event",
            ["api_version"] = "2026-10-28.endive",
            ["created"] = at.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = data },
        };
        lock (_gate)
        {
            _events.Add(stripeEvent);
        }

        return stripeEvent.ToJsonString();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (_failures.TryDequeue(out var failure))
        {
            Calls.Enqueue((request.Path, DateTimeOffset.UtcNow, failure.Status));
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            await ErrorAsync(context, failure.Status, failure.Status == 429 ? "rate_limit" : "api_error", "Injected by the test.");
            return;
        }

        Calls.Enqueue((request.Path, DateTimeOffset.UtcNow, 200));
        if (request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            await ErrorAsync(context, 401, "invalid_request_error", "Invalid API Key provided.");
            return;
        }

        var limit = Math.Min(PageSize, int.TryParse(request.Query["limit"], out var asked) ? asked : 10);
        var after = request.Query["starting_after"].ToString();
        List<JsonObject> items;
        lock (_gate)
        {
            items = request.Path.Value switch
            {
                "/v1/events" => _events.Where(e => Matches(e, request.Query)).Reverse().Select(e => (JsonObject)e.DeepClone()).ToList(),
                "/v1/subscriptions" => _subscriptions.Values
                    .Where(s => s["customer"]!.GetValue<string>() == request.Query["customer"].ToString())
                    .OrderByDescending(s => s["created"]!.GetValue<long>()).Select(s => (JsonObject)s.DeepClone()).ToList(),
                _ => null!,
            };
        }

        if (items is null)
        {
            await ErrorAsync(context, 404, "invalid_request_error", $"Unrecognized request URL (GET: {request.Path}).");
            return;
        }

        var start = after.Length == 0 ? 0 : items.FindIndex(i => i["id"]!.GetValue<string>() == after) + 1;
        var page = items.Skip(start).Take(limit).ToList();
        await Results.Text(new JsonObject
        {
            ["object"] = "list",
            ["url"] = request.Path.Value,
            ["has_more"] = start + page.Count < items.Count,
            ["data"] = new JsonArray(page.ToArray<JsonNode>()),
        }.ToJsonString(), "application/json").ExecuteAsync(context);
    }

    private static bool Matches(JsonObject stripeEvent, IQueryCollection query)
    {
        var types = query.Where(q => q.Key.StartsWith("types[", StringComparison.Ordinal)).Select(q => q.Value.ToString()).ToHashSet();
        var created = stripeEvent["created"]!.GetValue<long>();
        var since = long.TryParse(query["created[gte]"], NumberStyles.None, CultureInfo.InvariantCulture, out var gte) ? gte : 0;
        return created >= since && (types.Count == 0 || types.Contains(stripeEvent["type"]!.GetValue<string>()));
    }

    private static Task ErrorAsync(HttpContext context, int status, string type, string message) =>
        Results.Text(JsonSerializer.Serialize(new { error = new { type, message } }), "application/json", statusCode: status).ExecuteAsync(context);

    public enum EventKind
    {
        None,
        Created,
        Updated,
        Deleted,
    }
}
