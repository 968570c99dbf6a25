namespace Sluice.Server.Tests.Ingestion;

/// <summary>
/// An id names one event: the same content again is a harmless retry; other content under a used id is a 409 that
/// names the id where the instance still knows it, and otherwise is refused by processing and listed for the
/// tenant. Never silently dropped.
/// </summary>
public class EventIdConflictTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task The_same_id_with_the_same_content_is_a_retry_and_with_other_content_a_409_naming_it()
    {
        await using var host = await StartHostAsync();
        using var client = await host.TenantClientAsync();

        await client.SendAsync("build.finished", new { ok = true }, id: "build-1");
        await client.SendAsync("build.finished", new { ok = true }, id: "build-1");
        using var changed = await client.PostAsJsonAsync("/api/events", new { id = "build-1", type = "build.finished", payload = new { ok = false } }, Ct);
        var problem = await ProblemAssert.IsAsync(ProblemTypes.EventIdConflict, changed);
        Assert.Contains("'build-1'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A batch with one reused id is refused whole: nothing of it is accepted.
        using var batch = await client.PostAsJsonAsync("/api/events", new { events = new object[] { new { id = "build-2", type = "t", payload = 1 }, new { id = "build-1", type = "t", payload = 2 } } }, Ct);
        await ProblemAssert.IsAsync(ProblemTypes.EventIdConflict, batch);

        var logged = await client.WaitForEventAsync("build-1");
        Assert.True(logged.GetProperty("payload").GetProperty("ok").GetBoolean());
        using var notAccepted = await client.GetAsync("/api/events/build-2", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notAccepted.StatusCode);
    }

    [Fact]
    public async Task Other_content_accepted_where_the_id_is_not_known_is_refused_by_processing_and_listed_for_the_tenant()
    {
        await using var first = await StartHostAsync();
        await using var second = await StartHostAsync();
        using var onFirst = await first.TenantClientAsync();
        using var onSecond = second.WithKey(onFirst.DefaultRequestHeaders.Authorization!.Parameter!);

        await onFirst.SendAsync("deploy.done", new { version = "1.0" }, id: "deploy-7");
        await onFirst.WaitForEventAsync("deploy-7");
        await onSecond.SendAsync("deploy.done", new { version = "2.0" }, id: "deploy-7");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        System.Text.Json.JsonElement conflict;
        while (true)
        {
            using var response = await onFirst.GetAsync("/api/conflicts", Ct);
            var items = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response)).GetProperty("items");
            if (items.GetArrayLength() > 0)
            {
                conflict = Assert.Single(items.EnumerateArray());
                break;
            }

            Assert.True(watch.Elapsed < LoadedMachine.Patience, "the conflicting event was never listed");
            await Task.Delay(200, Ct);
        }

        Assert.Equal("deploy-7", conflict.GetProperty("id").GetString());
        Assert.Contains("2.0", conflict.GetProperty("payload").GetString(), StringComparison.Ordinal);
        Assert.Contains("already accepted with other content", conflict.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var logged = await onFirst.WaitForEventAsync("deploy-7");
        Assert.Equal("1.0", logged.GetProperty("payload").GetProperty("version").GetString());
    }
}
