using System.Text;

namespace Sluice.Bench.Fuzz;

/// <summary>Bad bodies for <c>POST /api/events</c>, sent with the attacker's valid ingest key: every one must be refused.</summary>
public static class IngestCases
{
    private const string Path = "/api/events";

    private static readonly string[] WrongFields =
    [
        """{"type":42,"payload":{}}""", """{"type":null,"payload":{}}""", """{"type":[],"payload":{}}""", """{"type":"","payload":{}}""",
        """{"type":"has space","payload":{}}""", """{"type":"-starts-badly","payload":{}}""", """{"payload":{}}""", """{"type":"t"}""",
        """{"id":5,"type":"t","payload":{}}""", """{"id":{},"type":"t","payload":{}}""", """{"id":"","type":"t","payload":{}}""",
        """{"id":"a b","type":"t","payload":{}}""", """{"id":"../../etc/passwd","type":"t","payload":{}}""",
        """{"type":"t","payload":{},"occurredAt":"yesterday"}""", """{"type":"t","payload":{},"occurredAt":12}""",
        """{"type":"t","payload":{},"occurredAt":"2026-13-45T00:00:00Z"}""", """{"type":"t","payload":{},"occurredAt":"1900-01-01T00:00:00Z"}""",
        """{"type":"t","payload":{},"occurredAt":"9999-12-31T23:59:59Z"}""", """{"events":{}}""", """{"events":"x"}""", """{"events":[1,2]}""",
        """{"events":[{"type":"t","payload":{}},{"type":7,"payload":{}}]}""", """{"events":[{"id":"d","type":"t","payload":{}},{"id":"d","type":"t","payload":{}}]}""",
        "[]", "\"event\"", "42", "null", "true", "{}",
    ];

    private static readonly string[] ContentTypes = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "image/png"];

    public static IEnumerable<FuzzCase> All(Gen gen, FuzzTargets targets)
    {
        var key = targets.AttackerKey;
        string Valid(string payload = "{\"n\":1}") => $"{{\"id\":\"f-{gen.Letters(8)}\",\"type\":\"fuzz.case\",\"payload\":{payload}}}";

        yield return new FuzzCase("ingest: malformed JSON", true, () => Gen.Json(HttpMethod.Post, Path, key, gen.Next(4) switch
        {
            0 => gen.Truncated(Valid()),
            1 => Valid() + "}}",
            2 => "{'type':'t','payload':{}}",
            _ => "{\"type\":\"t\",\"payload\":{},}",
        }));
        yield return new FuzzCase("ingest: deep nesting", true, () => Gen.Json(HttpMethod.Post, Path, key,
            Valid(gen.Nested(gen.Pick([65, 100, 1_000, 10_000, 100_000]), objects: gen.Next(2) == 0))));
        yield return new FuzzCase("ingest: huge strings", true, () => Gen.Json(HttpMethod.Post, Path, key, gen.Next(4) switch
        {
            0 => $"{{\"type\":\"{gen.Letters(gen.Between(200, 100_000))}\",\"payload\":{{}}}}",
            1 => $"{{\"id\":\"{gen.Letters(gen.Between(200, 100_000))}\",\"type\":\"t\",\"payload\":{{}}}}",
            2 => Valid($"\"{gen.Letters(gen.Between(300_000, 1_200_000))}\""),
            _ => $"{{\"{gen.Letters(gen.Between(1_000, 200_000))}\":1,\"type\":\"t\"}}",
        }));
        yield return new FuzzCase("ingest: wrong types and values", true, () => Gen.Json(HttpMethod.Post, Path, key, gen.Pick(WrongFields)));
        yield return new FuzzCase("ingest: too many events", true, () => Gen.Json(HttpMethod.Post, Path, key,
            $"{{\"events\":[{string.Join(',', Enumerable.Range(0, gen.Between(101, 3_000)).Select(_ => "{\"type\":\"t\",\"payload\":{}}"))}]}}"));
        yield return new FuzzCase("ingest: bad UTF-8", true, () => Gen.Bytes(HttpMethod.Post, Path, key,
            [.. "{\"type\":\"t"u8, .. gen.Pick<byte[]>([[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80]]), .. "\",\"payload\":{}}"u8]));
        yield return new FuzzCase("ingest: wrong content type", true, () => Gen.Bytes(HttpMethod.Post, Path, key, Encoding.UTF8.GetBytes(Valid()),
            gen.Next(7) == 0 ? null : gen.Pick(ContentTypes)));
    }
}
