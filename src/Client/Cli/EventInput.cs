using System.Text.Json;
using Sluice.Client;

namespace Sluice.Cli;

/// <summary>
/// Turns the CLI's input into events: arguments, a file (a JSON array, one JSON object, or NDJSON), or NDJSON on
/// stdin. Each object needs a <c>type</c> and may have <c>payload</c> (default <c>{}</c>), <c>id</c> and
/// <c>occurredAt</c>. All input is read and checked before anything is added, so a bad line adds nothing.
/// </summary>
public static class EventInput
{
    public static SluiceEvent FromArguments(string type, string? payload, string? id, DateTimeOffset? occurredAt)
    {
        JsonElement parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<JsonElement>(payload ?? "{}");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"The payload is not JSON: {e.Message}");
        }

        return SluiceEvent.Create(type, parsed, id, occurredAt);
    }

    public static List<SluiceEvent> FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"No such file: {path}");
        }

        var text = File.ReadAllText(path);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('['))
        {
            return Parse(text, path, array: true);
        }

        try
        {
            return [Event(JsonSerializer.Deserialize<JsonElement>(text), path)];
        }
        catch (JsonException)
        {
            return FromLines(new StringReader(text), path); // not one object: NDJSON
        }
    }

    public static List<SluiceEvent> FromLines(TextReader reader, string source)
    {
        var events = new List<SluiceEvent>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length > 0)
            {
                events.AddRange(Parse(line, $"{source} line {number}", array: false));
            }
        }

        return events;
    }

    private static List<SluiceEvent> Parse(string json, string where, bool array)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.Deserialize<JsonElement>(json);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{where}: not JSON ({e.Message})");
        }

        return array
            ? element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select((e, i) => Event(e, $"{where} item {i}")).ToList() : throw new CliUsageException($"{where}: not a JSON array")
            : [Event(element, where)];
    }

    private static SluiceEvent Event(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CliUsageException($"{where}: an event is a JSON object with a \"type\".");
        }

        var type = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } name
            ? name
            : throw new CliUsageException($"{where}: \"type\" must be a non-empty string.");
        var id = element.TryGetProperty("id", out var i)
            ? i.ValueKind == JsonValueKind.String ? i.GetString() : throw new CliUsageException($"{where}: \"id\" must be a string.")
            : null;
        DateTimeOffset? occurredAt = element.TryGetProperty("occurredAt", out var o)
            ? o.ValueKind == JsonValueKind.String && o.TryGetDateTimeOffset(out var at) ? at : throw new CliUsageException($"{where}: \"occurredAt\" must be an RFC 3339 time.")
            : null;
        var payload = element.TryGetProperty("payload", out var p) ? p : JsonSerializer.SerializeToElement(new { });
        return SluiceEvent.Create(type, payload, id, occurredAt);
    }
}
