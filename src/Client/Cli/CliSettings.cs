using System.Globalization;
using System.Text.Json;

namespace Sluice.Cli;

/// <summary>
/// Where the CLI sends and with what key: a flag wins over an environment variable (<c>SLUICE_URL</c>,
/// <c>SLUICE_API_KEY</c>, <c>SLUICE_OUTBOX</c>, <c>SLUICE_DEADLINE</c>), which wins over the config file
/// (<c>--config</c>, <c>SLUICE_CONFIG</c>, or <c>~/.config/sluice/config.json</c>:
/// <c>{"url": …, "apiKey": …, "outbox": …, "deadline": "00:05:00"}</c>).
/// </summary>
public sealed record CliSettings(Uri Url, string ApiKey, string Outbox, TimeSpan Deadline)
{
    public static CliSettings Resolve(string? url, string? key, string? outbox, TimeSpan? deadline, string? configPath)
    {
        var file = ReadFile(configPath ?? Environment.GetEnvironmentVariable("SLUICE_CONFIG") ?? DefaultConfigPath());
        var parsed = ResolveUrl(url, file);

        var apiKey = key ?? Environment.GetEnvironmentVariable("SLUICE_API_KEY") ?? file.GetValueOrDefault("apiKey")
            ?? throw new CliUsageException("No API key: pass --key, or set SLUICE_API_KEY or \"apiKey\" in the config file.");
        var deadlineText = Environment.GetEnvironmentVariable("SLUICE_DEADLINE") ?? file.GetValueOrDefault("deadline");
        var resolvedDeadline = deadline ?? (deadlineText is null ? TimeSpan.FromMinutes(5)
            : TimeSpan.TryParse(deadlineText, CultureInfo.InvariantCulture, out var d) && d > TimeSpan.Zero ? d
            : throw new CliUsageException($"The deadline '{deadlineText}' is not a time span such as 00:05:00."));
        var outboxDirectory = outbox ?? Environment.GetEnvironmentVariable("SLUICE_OUTBOX") ?? file.GetValueOrDefault("outbox") ?? DefaultOutbox();
        return new CliSettings(parsed, apiKey, outboxDirectory, resolvedDeadline);
    }

    /// <summary>For the admin commands: the URL as above, and an admin token (<c>--admin-token</c>, <c>SLUICE_ADMIN_TOKEN</c>, <c>"adminToken"</c>).</summary>
    public static (Uri Url, string AdminToken) ResolveAdmin(string? url, string? adminToken, string? configPath)
    {
        var file = ReadFile(configPath ?? Environment.GetEnvironmentVariable("SLUICE_CONFIG") ?? DefaultConfigPath());
        var token = adminToken ?? Environment.GetEnvironmentVariable("SLUICE_ADMIN_TOKEN") ?? file.GetValueOrDefault("adminToken")
            ?? throw new CliUsageException("No admin token: pass --admin-token, or set SLUICE_ADMIN_TOKEN or \"adminToken\" in the config file.");
        return (ResolveUrl(url, file), token);
    }

    private static Uri ResolveUrl(string? url, Dictionary<string, string> file)
    {
        var urlText = url ?? Environment.GetEnvironmentVariable("SLUICE_URL") ?? file.GetValueOrDefault("url")
            ?? throw new CliUsageException("No Sluice URL: pass --url, or set SLUICE_URL or \"url\" in the config file.");
        return Uri.TryCreate(urlText, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new CliUsageException($"'{urlText}' is not an http(s) URL.");
    }

    private static string DefaultConfigPath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "sluice", "config.json");

    /// <summary>Under XDG_STATE_HOME (or ~/.local/state): state that must survive a crash, not a cache.</summary>
    private static string DefaultOutbox() =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state
            ? state
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"), "sluice", "outbox");

    private static Dictionary<string, string> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path))!
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Key, p => p.Value.GetString()!);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"The config file {path} is not valid JSON: {e.Message}");
        }
    }
}

/// <summary>Bad arguments, input or configuration: exit <see cref="ExitCodes.Usage"/> with this message.</summary>
public sealed class CliUsageException(string message) : Exception(message);
