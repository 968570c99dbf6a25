using Azure.Core;
using Sluice.Events;
using Sluice.Ingestion;
using Sluice.Usage;

namespace Sluice.Domain.Tests.Events;

/// <summary>
/// Messages received together are written together: each event id once in the log, owned by the first batch that
/// named it, each batch counted once, however the group repeats itself; a batch the store refuses fails alone.
/// </summary>
public class EventBatchProcessorTests(AzuriteFixture storage)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_group_with_repeated_ids_and_a_repeated_message_logs_each_id_once_and_counts_each_batch_once()
    {
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix());
        var processor = domain.Get<EventBatchProcessor>();
        // b1 names "e3" twice (two requests with one id, grouped into one message); b2 retries "e4" later.
        var b1 = Batch("b1", Now, "tgroup", "e1", "e2", "e3", "e3", "e4", "e5");
        var b2 = Batch("b2", Now.AddSeconds(1), "tgroup", "e4", "e6");

        var outcomes = await processor.ProcessAsync([Delivery(b1), Delivery(b2), Delivery(b1), new Delivery(BinaryData.FromString("not a batch"), 1, DateTimeOffset.UtcNow)], Ct);

        Assert.Equal([ProcessingResult.Done, ProcessingResult.Done, ProcessingResult.Done, ProcessingResult.DeadLetter], outcomes.Select(o => o.Result));
        await AssertLoggedAsync(domain, "tgroup", ("e1", "b1"), ("e2", "b1"), ("e3", "b1"), ("e4", "b1"), ("e5", "b1"), ("e6", "b2"));
        Assert.Equal(6, await ProcessedAsync(domain, "tgroup"));

        // Delivered again, in another order and with a new message: nothing changes but the new events.
        var b3 = Batch("b3", Now.AddSeconds(2), "tgroup", "e6", "e7");
        outcomes = await processor.ProcessAsync([Delivery(b2, attempt: 2), Delivery(b3), Delivery(b1, attempt: 2)], Ct);

        Assert.All(outcomes, o => Assert.Equal(ProcessingResult.Done, o.Result));
        await AssertLoggedAsync(domain, "tgroup", ("e1", "b1"), ("e2", "b1"), ("e3", "b1"), ("e4", "b1"), ("e5", "b1"), ("e6", "b2"), ("e7", "b3"));
        Assert.Equal(7, await ProcessedAsync(domain, "tgroup"));
    }

    [Fact]
    public async Task A_batch_the_store_refuses_fails_alone_and_the_rest_of_its_group_is_written()
    {
        await using var domain = await DomainServices.StartAsync(storage, AzuriteFixture.NewTablePrefix(), null, RefuseTenant("tpoisoned"));
        var processor = domain.Get<EventBatchProcessor>();
        var good = Batch("good", Now, "tfine", "g1", "g2");
        var bad = Batch("bad", Now, "tpoisoned", "p1");

        var outcomes = await processor.ProcessAsync([Delivery(good), Delivery(bad)], Ct);

        Assert.Equal([ProcessingResult.Done, ProcessingResult.RetryLater], outcomes.Select(o => o.Result));
        Assert.Contains("refused", outcomes[1].Reason);
        await AssertLoggedAsync(domain, "tfine", ("g1", "good"), ("g2", "good"));
        Assert.Equal(2, await ProcessedAsync(domain, "tfine"));
        Assert.Equal(0, await ProcessedAsync(domain, "tpoisoned"));
    }

    private static EventBatch Batch(string id, DateTimeOffset receivedAt, string tenantId, params string[] eventIds) =>
        new(id, eventIds.Select(e => new EventEnvelope(tenantId, e, "test", $"{{\"batch\":\"{id}\"}}", null, receivedAt)).ToArray());

    private static Delivery Delivery(EventBatch batch, int attempt = 1) =>
        new(EventBatchJson.Assemble(batch.Id, batch.Events.Select(EventBatchJson.Serialize)), attempt, DateTimeOffset.UtcNow);

    private static async Task AssertLoggedAsync(DomainServices domain, string tenantId, params (string Id, string Batch)[] expected)
    {
        var (events, _) = await domain.Get<EventLogReader>().ReadAsync(tenantId, null, null, null, null, 100, Ct);
        Assert.Equal(expected.OrderBy(e => e.Id), events.Select(e => (e.Id, System.Text.Json.JsonDocument.Parse(e.Payload).RootElement.GetProperty("batch").GetString()!)).OrderBy(e => e.Id));
    }

    private static Task<long> ProcessedAsync(DomainServices domain, string tenantId) =>
        domain.Get<UsageCounter>().ProcessedAsync(tenantId, UsageCounter.Month(Now), Ct);

    /// <summary>Fails every table transaction that writes a row of one tenant, as the store does with a row it will not take.</summary>
    private static FaultPolicy RefuseTenant(string tenantId) => new(
        message => message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && BodyOf(message).Contains(tenantId, StringComparison.Ordinal),
        () => new InvalidOperationException($"injected fault: rows of {tenantId} are refused"),
        int.MaxValue);

    private static string BodyOf(HttpMessage message)
    {
        using var body = new MemoryStream();
        message.Request.Content?.WriteTo(body, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(body.ToArray());
    }
}
