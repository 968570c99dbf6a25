using System.Buffers;
using System.Text.Json;

namespace Sluice.Billing;

/// <summary>The three fields of a Stripe event the ledger is keyed and ordered by.</summary>
public sealed record StripeEventSummary(string Id, string Type, DateTimeOffset Created)
{
    private const int MaxIdLength = 255;
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    /// <summary>Stripe event ids are <c>evt_</c> and letters, digits or '_': safe as table keys and blob names.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 4 and <= MaxIdLength } && id.StartsWith("evt_", StringComparison.Ordinal) && !id.AsSpan().ContainsAnyExcept(IdCharacters);

    public static StripeEventSummary Of(Stripe.Event stripeEvent) =>
        new(stripeEvent.Id, stripeEvent.Type, new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc)));

    /// <summary>Reads a verified webhook body; null when it is not a Stripe event object.</summary>
    public static StripeEventSummary? TryRead(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && Text(root, "object") == "event"
                && Text(root, "id") is { } id && IsValidId(id)
                && Text(root, "type") is { Length: > 0 and <= 100 } type
                && root.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.Number
                && created.TryGetInt64(out var seconds) && seconds is > 0 and < 100_000_000_000)
            {
                return new StripeEventSummary(id, type, DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
