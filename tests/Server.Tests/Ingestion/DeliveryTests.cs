using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Ingestion;

using Sluice.Server.Queues;

namespace Sluice.Server.Tests.Ingestion;

/// <summary>
/// Delivery semantics: duplicates have the effect of one, a poison message is dead-lettered with its reason and
/// replayed once fixed, and a processor stopped mid-way loses nothing. Each test runs its own hosts: one that
/// accepts (processing off) and one or more that process.
/// </summary>
public class DeliveryTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task The_same_client_id_sent_twice_is_logged_and_counted_once()
    {
        await using var ingest = await IngestHostAsync();
        await using var processor = await ProcessorHostAsync();
        using var client = await ingest.TenantClientAsync();

        // A client's retry: the same id with the same content (other content under the id is a conflict: EventIdConflictTests).
        await client.SendAsync("deploy", new { attempt = 1 }, id: "deploy-42");
        await client.SendAsync("deploy", new { attempt = 1 }, id: "deploy-42");
        await WaitForQueueDrainedAsync(ingest);

        var log = await client.ListAllAsync();
        Assert.Equal(["deploy-42"], log.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(1, log[0].GetProperty("payload").GetProperty("attempt").GetInt32());
        Assert.Equal(1, (await client.WaitForProcessedAsync(1)).GetProperty("processed").GetInt64());
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_logged_and_counted_once()
    {
        await using var ingest = await IngestHostAsync();
        using var client = await ingest.TenantClientAsync();
        var tenantId = (await client.GetFromJsonAsync<Dictionary<string, object>>("/api/me", Ct))!["id"].ToString()!;
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 20).Select(i => EventBatchJson.Serialize(new EventEnvelope(tenantId, $"dup-{i}", "dup", $"{i}", null, now))).ToArray();
        var queue = ingest.Services.GetRequiredService<IEventQueue>();
        var body = EventBatchJson.Assemble("b0000000000000000000000dup", events);

        var batch = new QueuedBatch("b0000000000000000000000dup", "b0000000000000000000000dup", body);
        await queue.SendAsync(batch, Ct);
        await queue.SendAsync(batch, Ct);
        await using (await ProcessorHostAsync())
        {
            await WaitForQueueDrainedAsync(ingest);
        }

        var log = await client.ListAllAsync();
        Assert.Equal(20, log.Count);
        Assert.Equal(20, log.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(20, (await client.WaitForProcessedAsync(20)).GetProperty("processed").GetInt64());
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_with_its_reason_and_replayed_once_fixed()
    {
        var fault = new FailingBatches();
        await using var ingest = await IngestHostAsync();
        await using var processor = await ProcessorHostAsync(fault);
        using var client = await ingest.TenantClientAsync();

        fault.Failing = true;
        var id = await client.SendAsync("poison", new { n = 1 });
        var deadLetter = await WaitForDeadLetterAsync(ingest);
        Assert.Contains("injected fault", deadLetter.GetProperty("reason").GetString());
        Assert.Equal(2, deadLetter.GetProperty("attempts").GetInt32());
        using (var missing = await client.GetAsync($"/api/events/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        fault.Failing = false;
        using (var replay = await ingest.Admin.PostAsync($"/api/admin/dead-letters/{deadLetter.GetProperty("id").GetString()}/replay", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        Assert.Equal("poison", (await client.WaitForEventAsync(id)).GetProperty("type").GetString());
        Assert.Equal(1, (await client.WaitForProcessedAsync(1)).GetProperty("processed").GetInt64());
        using var after = await ingest.Admin.GetAsync("/api/admin/dead-letters", Ct);
        Assert.Equal(0, (await AdminCalls.ExpectAsync(HttpStatusCode.OK, after)).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("br:AAAAAAAAAAAAAAAA")] // a damaged compressed batch
    public async Task A_message_that_is_not_a_batch_is_dead_lettered_at_once(string body)
    {
        await using var ingest = await IngestHostAsync();
        await using var processor = await ProcessorHostAsync();
        await ingest.Services.GetRequiredService<StorageEventQueue>().Events.SendMessageAsync(body, Ct);

        var deadLetter = await WaitForDeadLetterAsync(ingest);
        Assert.Contains("not an event batch", deadLetter.GetProperty("reason").GetString());
        Assert.Equal(1, deadLetter.GetProperty("attempts").GetInt32());

        using var unknown = await ingest.Admin.PostAsync("/api/admin/dead-letters/no-such-message/replay", null, Ct);
        await ProblemAssert.IsAsync(Problems.ProblemTypes.DeadLetterNotFound, unknown);
    }

    [Fact]
    public async Task Two_thousand_events_survive_a_processor_stopped_mid_way_each_logged_once()
    {
        await using var ingest = await IngestHostAsync();
        using var client = await ingest.TenantClientAsync(rateLimitOverride: 1_000_000);
        var processor = await ProcessorHostAsync();

        var accepted = new System.Collections.Concurrent.ConcurrentBag<string>();
        var stopped = false;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2_000), new ParallelOptions { MaxDegreeOfParallelism = 50, CancellationToken = Ct }, async (i, ct) =>
        {
            accepted.Add(await client.SendAsync("load", new { i }, id: $"load-{i:D4}"));
            if (accepted.Count >= 1_000 && !Interlocked.Exchange(ref stopped, true))
            {
                await processor.DisposeAsync(); // mid-processing: its in-flight messages come back after the visibility timeout
            }
        });
        Assert.True(stopped);
        Assert.Equal(2_000, accepted.Count);

        await using (await ProcessorHostAsync())
        {
            await WaitForQueueDrainedAsync(ingest);
        }

        var log = await client.ListAllAsync();
        var ids = log.Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(2_000, ids.Count);
        Assert.Equal(accepted.Order(), ids.Order());
        Assert.Equal(2_000, (await client.WaitForProcessedAsync(2_000)).GetProperty("processed").GetInt64());
    }

    private Task<SluiceHost> IngestHostAsync() =>
        StartHostAsync(new Dictionary<string, string?> { ["Sluice:Processing:Enabled"] = "false" });

    private Task<SluiceHost> ProcessorHostAsync(FailingBatches? fault = null) =>
        StartHostAsync(new Dictionary<string, string?>
        {
            ["Sluice:Processing:MaxAttempts"] = "2",
            ["Sluice:Processing:RetryBaseDelay"] = "00:00:00.050",
            ["Sluice:Processing:VisibilityTimeout"] = "00:00:03",
        }, services =>
        {
            if (fault is not null)
            {
                services.AddSingleton<HttpPipelinePolicy>(fault);
            }
        });

    /// <summary>Waits until the events queue holds nothing, visible or in flight: everything sent was settled.</summary>
    private static async Task WaitForQueueDrainedAsync(SluiceHost host)
    {
        var queue = host.Services.GetRequiredService<StorageEventQueue>().Events;
        var deadline = DateTime.UtcNow + EventCalls.ProcessingWait;
        while ((await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the events queue did not drain");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task<System.Text.Json.JsonElement> WaitForDeadLetterAsync(SluiceHost host)
    {
        var deadline = DateTime.UtcNow + EventCalls.ProcessingWait;
        while (true)
        {
            using var response = await host.Admin.GetAsync("/api/admin/dead-letters", Ct);
            var items = (await AdminCalls.ExpectAsync(HttpStatusCode.OK, response)).GetProperty("items");
            if (items.GetArrayLength() > 0)
            {
                return items[0];
            }

            Assert.True(DateTime.UtcNow < deadline, "nothing was dead-lettered");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>While <see cref="Failing"/>, every table transaction fails with a fault that is not the storage's.</summary>
    private sealed class FailingBatches : HttpPipelinePolicy
    {
        public volatile bool Failing;

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Throw(message);
            return ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Throw(message);
            ProcessNext(message, pipeline);
        }

        private void Throw(HttpMessage message)
        {
            if (Failing && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("injected fault: this batch cannot be written");
            }
        }
    }
}
