using System.Diagnostics;
using System.Net;
using System.Text;
using Sluice.Bench.Harness;

namespace Sluice.Bench.Attack;

/// <summary>The Stripe webhook before any signature matches: how much an unsigned sender can make it do.</summary>
public static class WebhookAttacks
{
    public static async Task<AttackResult> SignatureStuffingAsync(SluiceStack stack)
    {
        using var client = Attacker.From(stack.Address);
        var header = "t=" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + string.Concat(Enumerable.Range(0, 300).Select(i => $",v1={i:x64}"));
        var body = "{\"object\":\"event\",\"id\":\"evt_stuffed\",\"type\":\"x\",\"created\":1,\"pad\":\"" + new string('x', 400 * 1024) + "\"}";
        var watch = Stopwatch.StartNew();
        using var stuffed = await PostAsync(client, body, header);
        var stuffedTook = watch.Elapsed;
        using var large = await PostAsync(client, body, $"t={DateTimeOffset.UtcNow.ToUnixTimeSeconds()},v1={new string('0', 64)}");
        var held = stuffed.StatusCode == HttpStatusCode.BadRequest && large.StatusCode == HttpStatusCode.RequestEntityTooLarge;
        return new AttackResult("3. webhook stuffing", "300 v1 signatures over a 400 KB body; then one signature over the same body",
            $"{(int)stuffed.StatusCode} in {stuffedTook.TotalMilliseconds:F0} ms (header refused before the body is read); {(int)large.StatusCode}", held);
    }

    public static async Task<AttackResult> StaleProbeAsync(SluiceStack stack)
    {
        using var client = Attacker.From(stack.Address);
        var body = "{\"object\":\"event\",\"id\":\"evt_probe\",\"type\":\"x\",\"created\":1}";
        using var response = await PostAsync(client, body, $"t={DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds()},v1={new string('a', 64)}");
        var text = await response.Content.ReadAsStringAsync();
        return new AttackResult("3. webhook timestamp probe", "an old timestamp with a forged signature",
            $"{(int)response.StatusCode} {(text.Contains("stale-signature", StringComparison.Ordinal) ? "stale-signature" : "invalid-signature")}",
            text.Contains("invalid-signature", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return await client.SendAsync(request);
    }
}
