using System.Text;
using System.Text.Json.Nodes;
using Sluice.Bench.Harness;
using Sluice.Testing;

namespace Sluice.Bench.Fuzz;

/// <summary>
/// Stripe webhooks that would upgrade the victim for free if believed: missing, garbage, forged, tampered, replayed
/// and future signatures. All must be refused, and the victim's plan must not move.
/// </summary>
public static class WebhookCases
{
    public static IEnumerable<FuzzCase> All(Gen gen, FuzzTargets targets)
    {
        string Body() => new JsonObject
        {
            ["id"] = $"evt_fuzz{gen.Letters(16)}",
            ["object"] = "event",
            ["type"] = "customer.subscription.updated",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = "sub_fuzz",
                    ["object"] = "subscription",
                    ["customer"] = "cus_fuzz",
                    ["status"] = "active",
                    ["items"] = new JsonObject { ["object"] = "list", ["data"] = new JsonArray(new JsonObject { ["id"] = "si_1", ["object"] = "subscription_item", ["price"] = new JsonObject { ["id"] = SluiceStack.TeamPrice, ["object"] = "price" } }) },
                    ["metadata"] = new JsonObject { ["tenant_id"] = targets.VictimTenant },
                },
            },
        }.ToJsonString();

        yield return new FuzzCase("webhooks: bad signatures", true, () =>
        {
            var body = Body();
            var now = DateTimeOffset.UtcNow;
            var (sent, signature) = gen.Next(9) switch
            {
                0 => (body, null),
                1 => (body, gen.Letters(gen.Between(1, 300))),
                2 => (body, StripeWebhooks.Sign(body, "whsec_not_the_secret", now)),
                3 => (body.Replace("cus_fuzz", "cus_fuzy", StringComparison.Ordinal), StripeWebhooks.Sign(body, SluiceStack.WebhookSecret, now)),
                4 => (body, StripeWebhooks.Sign(body, SluiceStack.WebhookSecret, now.AddHours(-1))),
                5 => (body, StripeWebhooks.Sign(body, SluiceStack.WebhookSecret, now.AddHours(1))),
                6 => (body, $"t={now.ToUnixTimeSeconds()},v1="),
                7 => (body, StripeWebhooks.Sign(body, SluiceStack.WebhookSecret, now).Replace("v1=", "v0=", StringComparison.Ordinal)),
                _ => (body, $"t=abc,t={now.ToUnixTimeSeconds()},v1={new string('0', 64)}"),
            };
            var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhooks.Path) { Content = new StringContent(sent, Encoding.UTF8, "application/json") };
            if (signature is not null)
            {
                request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
            }

            return request;
        });
        yield return new FuzzCase("webhooks: signed but not an event", true, () =>
        {
            var body = gen.Pick(["{}", "[]", "{\"id\":\"evt_x\"}", "{\"object\":\"event\",\"id\":\"nope\",\"type\":\"x\",\"created\":1}", gen.Nested(gen.Between(65, 3_000), objects: true), "not json"]);
            var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhooks.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhooks.Sign(body, SluiceStack.WebhookSecret, DateTimeOffset.UtcNow));
            return request;
        });
    }
}
