using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Dashboard;

/// <summary>
/// A submitted form read as the JSON body the admin API would take, so a form goes through the same field checks
/// (<see cref="Admin.AdminFields"/>): a forged or unknown field is refused the same way, with the same 422.
/// </summary>
public static class FormFields
{
    public static async Task<FieldReader> ReadAsync(DashboardRequest dashboard, IReadOnlyCollection<string>? numbers = null, IReadOnlyCollection<string>? lists = null)
    {
        var form = await dashboard.Context.Request.ReadFormAsync(dashboard.Aborted);
        var body = new JsonObject();
        foreach (var (name, values) in form.Where(f => f.Key != DashboardEndpoint.CsrfField))
        {
            var text = values.ToString();
            body[name] = (lists ?? []).Contains(name) ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                : !(numbers ?? []).Contains(name) ? JsonValue.Create(text)
                : text.Length == 0 ? null
                : long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number)
                : JsonValue.Create(text);
        }

        return new FieldReader(JsonDocument.Parse(body.ToJsonString()));
    }
}
