using System.Text;
using System.Text.Json;
using Sluice.Ingestion;

namespace Sluice.Domain.Tests.Ingestion;

/// <summary>The events queue's wire form: compressed batches, plain JSON still read, a damaged body never read as events.</summary>
public class EventBatchJsonTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static byte[][] Events(int count) => Enumerable.Range(0, count)
        .Select(i => EventBatchJson.Serialize(new EventEnvelope("t1", Guid.NewGuid().ToString("N"), "order.placed", $"{{\"n\":{i},\"note\":\"caf\u00e9\"}}", i % 2 == 0 ? Now : null, Now.AddTicks(i))))
        .ToArray();

    [Fact]
    public void A_batch_comes_back_as_it_went_in_and_travels_several_times_smaller()
    {
        var events = Events(500);
        var body = EventBatchJson.Assemble("b0000000000000000000000001", events);

        var batch = EventBatchJson.Deserialize(body);
        Assert.Equal("b0000000000000000000000001", batch.Id);
        Assert.Equal(events.Select(Encoding.UTF8.GetString), batch.Events.Select(e => Encoding.UTF8.GetString(EventBatchJson.Serialize(e))));
        Assert.True(body.ToMemory().Length * 4 < EventBatchJson.SizeOf(events.Sum(e => e.Length), events.Length),
            $"{body.ToMemory().Length} bytes on the wire for {EventBatchJson.SizeOf(events.Sum(e => e.Length), events.Length)} bytes of JSON");
        Assert.All(body.ToString(), c => Assert.True(c < 128, "the wire form must be plain ASCII text for a queue message"));
    }

    [Fact]
    public void A_plain_json_batch_queued_before_compression_is_still_read()
    {
        var events = Events(3);
        var json = $"{{\"id\":\"b0000000000000000000000002\",\"events\":[{string.Join(',', events.Select(Encoding.UTF8.GetString))}]}}";

        var batch = EventBatchJson.Deserialize(BinaryData.FromString(json));
        Assert.Equal(3, batch.Events.Count);
        Assert.Equal("order.placed", batch.Events[2].Type);
    }

    [Theory]
    [InlineData("br:not base64 at all!")]
    [InlineData("br:AAAAAAAAAAAAAAAA")]
    [InlineData("br:")]
    public void A_damaged_compressed_body_is_not_a_batch(string body) =>
        Assert.ThrowsAny<JsonException>(() => EventBatchJson.Deserialize(BinaryData.FromString(body)));

    [Fact]
    public void A_truncated_compressed_body_is_not_a_batch()
    {
        var body = EventBatchJson.Assemble("b0000000000000000000000003", Events(50)).ToString();
        Assert.ThrowsAny<JsonException>(() => EventBatchJson.Deserialize(BinaryData.FromString(body[..(body.Length / 2 / 4 * 4)])));
    }
}
