using System.Text;
using System.Text.Json;

namespace Sluice.Ingestion;

/// <summary>
/// The wire form of an <see cref="EventBatch"/>. Events are serialized once, when accepted, and batches are
/// assembled by concatenation, so the batcher knows each message's exact size without serializing twice.
/// </summary>
public static class EventBatchJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize(EventEnvelope envelope) => JsonSerializer.SerializeToUtf8Bytes(envelope, Options);

    /// <summary>The size of a batch holding events of <paramref name="eventBytes"/> bytes in all, <paramref name="count"/> of them.</summary>
    public static int SizeOf(int eventBytes, int count) => Overhead + eventBytes + Math.Max(0, count - 1);

    public static BinaryData Assemble(string batchId, IEnumerable<byte[]> events)
    {
        using var stream = new MemoryStream();
        stream.Write(Encoding.UTF8.GetBytes($"{{\"id\":\"{batchId}\",\"events\":["));
        var first = true;
        foreach (var e in events)
        {
            if (!first)
            {
                stream.WriteByte((byte)',');
            }

            stream.Write(e);
            first = false;
        }

        stream.Write("]}"u8);
        return new BinaryData(stream.ToArray());
    }

    public static EventBatch Deserialize(BinaryData body) =>
        body.ToObjectFromJson<EventBatch>(Options) ?? throw new JsonException("The message is not an event batch.");

    private static readonly int Overhead = Encoding.UTF8.GetByteCount("{\"id\":\"b0000000000000000000000000\",\"events\":[]}");
}
