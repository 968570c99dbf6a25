using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Sluice.Testing;

/// <summary>Ingest and read-back calls through the real HTTP API.</summary>
public static class EventCalls
{
    public static readonly TimeSpan ProcessingWait = LoadedMachine.Patience;

    /// <summary>Posts one event and returns its id (expects 202).</summary>
    public static async Task<string> SendAsync(this HttpClient client, string type, object payload, string? id = null)
    {
        using var response = await client.PostAsJsonAsync("/api/events", new { id, type, payload });
        return (await AdminCalls.ExpectAsync(HttpStatusCode.Accepted, response)).GetProperty("ids")[0].GetString()!;
    }

    /// <summary>Waits until the event can be read back; returns it.</summary>
    public static async Task<JsonElement> WaitForEventAsync(this HttpClient client, string id)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync($"/api/events/{Uri.EscapeDataString(id)}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
            }

            Assert.True(watch.Elapsed < ProcessingWait, $"event {id} was not processed within {ProcessingWait}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every event in the caller's log, newest first, following continuations.</summary>
    public static async Task<List<JsonElement>> ListAllAsync(this HttpClient client, string query = "")
    {
        var all = new List<JsonElement>();
        string? continuation = null;
        do
        {
            var url = $"/api/events?limit=200{query}" + (continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}");
            using var response = await client.GetAsync(url);
            var page = await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
            all.AddRange(page.GetProperty("items").EnumerateArray());
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);

        return all;
    }

    /// <summary>
    /// Waits until every id of <paramref name="expected"/> is in the caller's log, or <paramref name="patience"/> has
    /// passed; returns the ids still missing. (A processed count is no measure: events whose 202 never reached the
    /// client are processed too.)
    /// </summary>
    public static async Task<List<string>> MissingFromLogAsync(this HttpClient client, IReadOnlyCollection<string> expected, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var logged = (await client.ListAllAsync()).Select(e => e.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
            var missing = expected.Where(id => !logged.Contains(id)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count == 0 || watch.Elapsed > patience)
            {
                return missing;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Waits until the tenant's processed count reaches <paramref name="expected"/>, then returns the usage.</summary>
    public static async Task<JsonElement> WaitForProcessedAsync(this HttpClient client, long expected)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/api/usage");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && watch.Elapsed < ProcessingWait)
            {
                // Storage was slow to answer (a loaded machine): a 503 says to retry, so the wait goes on.
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500));
                continue;
            }

            var usage = await AdminCalls.ExpectAsync(HttpStatusCode.OK, response);
            if (usage.GetProperty("processed").GetInt64() >= expected || watch.Elapsed > ProcessingWait)
            {
                return usage;
            }

            await Task.Delay(100);
        }
    }
}
