using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.Ingestion;

/// <summary>
/// The wire form of an <see cref="EventBatch"/>. Events are serialized once, when accepted, and batches are
/// assembled by concatenation, so the batcher knows each batch's exact JSON size without serializing twice.
/// A batch travels Brotli-compressed and base64-encoded behind a <c>br:</c> prefix: events of one stream repeat
/// their field names, tenant and types, so a message carries several times more events, and storage is paid per
/// message and per byte (docs/performance.md). Plain JSON bodies (messages queued before compression, or written
/// by hand) are still read.
/// </summary>
public static class EventBatchJson
{
    private const string CompressedPrefix = "br:";
    private static readonly byte[] CompressedPrefixBytes = Encoding.ASCII.GetBytes(CompressedPrefix);
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize(EventEnvelope envelope) => JsonSerializer.SerializeToUtf8Bytes(envelope, Options);

    /// <summary>The JSON size of a batch holding events of <paramref name="eventBytes"/> bytes in all, <paramref name="count"/> of them.</summary>
    public static int SizeOf(int eventBytes, int count) => Overhead + eventBytes + Math.Max(0, count - 1);

    public static BinaryData Assemble(string batchId, IEnumerable<byte[]> events)
    {
        // Compressed in one piece: Brotli's fastest level compresses each write on its own.
        using var json = new MemoryStream();
        json.Write(Encoding.UTF8.GetBytes($"{{\"id\":\"{batchId}\",\"events\":["));
        var first = true;
        foreach (var e in events)
        {
            if (!first)
            {
                json.WriteByte((byte)',');
            }

            json.Write(e);
            first = false;
        }

        json.Write("]}"u8);
        using var wire = new MemoryStream();
        wire.Write(CompressedPrefixBytes);
        using (var base64 = new CryptoStream(wire, new ToBase64Transform(), CryptoStreamMode.Write, leaveOpen: true))
        using (var brotli = new BrotliStream(base64, CompressionLevel.Fastest))
        {
            brotli.Write(json.GetBuffer(), 0, (int)json.Length);
        }

        return new BinaryData(wire.ToArray());
    }

    /// <exception cref="JsonException">The body is not an event batch (including a damaged compressed body).</exception>
    public static EventBatch Deserialize(BinaryData body)
    {
        var bytes = body.ToMemory();
        if (!bytes.Span.StartsWith(CompressedPrefixBytes))
        {
            return body.ToObjectFromJson<EventBatch>(Options) ?? throw new JsonException("The message is not an event batch.");
        }

        // Brotli reports a damaged stream as InvalidOperationException ("Decoder ran into invalid data").
        try
        {
            var packed = Convert.FromBase64String(Encoding.ASCII.GetString(bytes.Span[CompressedPrefixBytes.Length..]));
            using var json = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<EventBatch>(json, Options) ?? throw new JsonException("The message is not an event batch.");
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or InvalidOperationException)
        {
            throw new JsonException($"The compressed batch is damaged: {e.Message}", e);
        }
    }

    private static readonly int Overhead = Encoding.UTF8.GetByteCount("{\"id\":\"b0000000000000000000000000\",\"events\":[]}");
}
