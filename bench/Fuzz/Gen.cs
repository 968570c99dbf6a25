using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Bench.Fuzz;

/// <summary>Building blocks of bad requests, from one seeded random source so a run can be repeated.</summary>
public sealed class Gen(int seed)
{
    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public int Between(int min, int max) => _random.Next(min, max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string Letters(int length) => string.Create(length, _random, static (span, random) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + random.Next(26));
        }
    });

    /// <summary>A prefix of <paramref name="json"/> cut somewhere inside: never a complete JSON value.</summary>
    public string Truncated(string json) => json[..Between(1, json.Length - 1)];

    public string Nested(int depth, bool objects) =>
        objects ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
                : new string('[', depth) + "1" + new string(']', depth);

    public static HttpRequestMessage Json(HttpMethod method, string path, string? key, string body, string contentType = "application/json") =>
        Bytes(method, path, key, Encoding.UTF8.GetBytes(body), contentType);

    public static HttpRequestMessage Bytes(HttpMethod method, string path, string? key, byte[] body, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        Authorize(request, key);
        return request;
    }

    public static HttpRequestMessage Get(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        Authorize(request, key);
        return request;
    }

    public static void Authorize(HttpRequestMessage request, string? key)
    {
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }
}
