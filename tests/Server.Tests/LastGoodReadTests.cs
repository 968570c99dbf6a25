using System.Text.Json;
using Azure;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Sluice.Server.Tests;

/// <summary>
/// Reads of the log and of usage answer with their last good answer, saying how old it is, while storage does not
/// answer or fails; storage's answer still comes, and the next read is fresh again. <c>Cache-Control: no-cache</c>
/// always waits for storage.
/// </summary>
public class LastGoodReadTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    private static readonly Dictionary<string, string?> PatientHost = new()
    {
        // The held storage calls must not time out on their own while the test keeps them held.
        ["Sluice:Storage:CallTimeout"] = "00:01:00",
        ["Sluice:Http:RequestTimeout"] = "00:05:00",
        // Storage that answers at all answers within this, even on a loaded machine: only a held read goes stale.
        ["Sluice:Storage:StaleReadAfter"] = "00:00:02",
    };

    [Fact]
    public async Task A_log_read_storage_holds_answers_with_the_last_good_page_and_its_age_then_fresh_once_storage_answers()
    {
        var gate = new GatePolicy("eventlog");
        await using var host = await StartHostAsync(PatientHost, s => s.AddSingleton<HttpPipelinePolicy>(gate));
        var client = await AskingAnyAnswerAsync(host);
        var first = await client.SendAsync("build.finished", new { n = 1 });
        await client.WaitForEventAsync(first);
        var before = await ReadAsync(client, "/api/events?limit=10");
        Assert.Null(before.Age);
        Assert.Equal([first], Ids(before.Body));

        await Task.Delay(TimeSpan.FromSeconds(1.1), Ct); // so that the last good page is at least a second old
        gate.Close();
        var second = await client.SendAsync("build.finished", new { n = 2 });
        using var mustBeFresh = new HttpRequestMessage(HttpMethod.Get, "/api/events?limit=10") { Headers = { CacheControl = new() { NoCache = true } } };
        var waiting = client.SendAsync(mustBeFresh, Ct);
        var stale = await ReadAsync(client, "/api/events?limit=10");
        Assert.True(gate.Held > 0, "the read did not ask storage");
        Assert.True(stale.Age >= TimeSpan.FromSeconds(1), $"Age was {stale.Age}");
        Assert.Equal([first], Ids(stale.Body));
        Assert.False(waiting.IsCompleted, "a no-cache read answered while storage held it");

        gate.Open();
        using (var waited = await waiting)
        {
            Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
            Assert.Null(waited.Headers.Age);
        }

        await client.WaitForEventAsync(second);
        var fresh = await ReadAsync(client, "/api/events?limit=10");
        Assert.Null(fresh.Age);
        Assert.Equal([second, first], Ids(fresh.Body));
    }

    [Fact]
    public async Task A_usage_read_storage_fails_answers_with_the_last_good_counts_not_503_but_a_first_read_still_gets_the_503()
    {
        var failing = false;
        var faults = new FaultPolicy(m => failing && m.Request.Uri.Path.Contains("usage", StringComparison.Ordinal),
            () => new RequestFailedException(503, "The server is busy.", "ServerBusy", null), times: int.MaxValue);
        await using var host = await StartHostAsync(PatientHost, s => s.AddSingleton<HttpPipelinePolicy>(faults));
        var client = await AskingAnyAnswerAsync(host);
        var other = await AskingAnyAnswerAsync(host);
        await client.SendAsync("build.finished", new { n = 1 });
        var good = await client.WaitForProcessedAsync(1);

        failing = true;
        var stale = await ReadAsync(client, "/api/usage");
        Assert.Equal(good.GetProperty("processed").GetInt64(), stale.Body.GetProperty("processed").GetInt64());
        Assert.True(faults.Left < int.MaxValue, "the read did not ask storage");

        using var never = await other.GetAsync("/api/usage", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.StorageUnavailable, never);
    }

    /// <summary>A tenant client that takes a last good answer (the test clients ask for fresh ones).</summary>
    private static async Task<HttpClient> AskingAnyAnswerAsync(SluiceHost host)
    {
        var client = await host.TenantClientAsync();
        client.DefaultRequestHeaders.CacheControl = null;
        return client;
    }

    private static async Task<(JsonElement Body, TimeSpan? Age)> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var age = response.Headers.Age;
        return (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response), age);
    }

    private static string[] Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
}
