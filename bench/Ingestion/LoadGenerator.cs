using System.Diagnostics;
using System.Net;
using System.Text;

namespace Sluice.Bench.Ingestion;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(string Target, TimeSpan Duration, long Requests, long Accepted, long Errors, double[] LatenciesMs, IReadOnlyList<string> AcceptedIds)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public double AcceptedPerSecond => Accepted / Duration.TotalSeconds;

    public double Percentile(double p) => LatenciesMs.Length == 0 ? 0 : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)(p * LatenciesMs.Length))];
}

/// <summary>
/// Keeps <c>connections</c> requests in flight against one URL for a fixed time, each a single event with its own
/// id, and records every latency. A warm-up (not recorded) lets the JIT and connection pools settle first.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string target, Uri url, string? apiKey, int connections, TimeSpan warmup, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var recording = false;
        var stop = false;
        var latencies = new List<double>[connections];
        var ids = new List<string>[connections];
        long requests = 0, accepted = 0, errors = 0;
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            latencies[worker] = new List<double>(100_000);
            ids[worker] = new List<string>(100_000);
            for (var n = 0; !Volatile.Read(ref stop); n++)
            {
                var id = $"w{worker:D3}-{n:D7}";
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(
                        "{\"id\":\"" + id + "\",\"type\":\"bench.tick\",\"payload\":{\"worker\":" + worker + ",\"n\":" + n + ",\"note\":\"a small event like a CLI sends\"}}",
                        Encoding.UTF8, "application/json"),
                };
                if (apiKey is not null)
                {
                    request.Headers.Authorization = new("Bearer", apiKey);
                }

                var started = Stopwatch.GetTimestamp();
                HttpStatusCode status;
                try
                {
                    using var response = await client.SendAsync(request);
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }

                if (status == HttpStatusCode.Accepted)
                {
                    ids[worker].Add(id); // every accepted id, warm-up included: the audit expects them all
                }

                if (!Volatile.Read(ref recording))
                {
                    continue;
                }

                latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref requests);
                Interlocked.Increment(ref status == HttpStatusCode.Accepted ? ref accepted : ref errors);
            }
        })).ToArray();

        await Task.Delay(warmup);
        Volatile.Write(ref recording, true);
        var watch = Stopwatch.StartNew();
        await Task.Delay(duration);
        Volatile.Write(ref recording, false);
        var elapsed = watch.Elapsed;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(workers);

        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(target, elapsed, requests, accepted, errors, sorted, ids.SelectMany(i => i).ToArray());
    }
}
