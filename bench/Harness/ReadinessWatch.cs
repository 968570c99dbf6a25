using System.Diagnostics;
using System.Text.Json;

namespace Sluice.Bench.Harness;

/// <summary>
/// Polls <c>/health/ready</c> every quarter second and keeps its changes: when it answered what, and which checks
/// failed, so a suite can say what readiness said while a fault lasted.
/// </summary>
public sealed class ReadinessWatch : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock;
    private readonly List<(TimeSpan At, string State)> _changes = [];
    private readonly Task _polling;

    public ReadinessWatch(Uri server, Stopwatch clock)
    {
        _client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(4) };
        _clock = clock;
        _polling = PollAsync();
    }

    /// <summary>The changes between <paramref name="from"/> and <paramref name="until"/>, with the state just before.</summary>
    public IReadOnlyList<(TimeSpan At, string State)> Changes(TimeSpan from, TimeSpan until)
    {
        lock (_changes)
        {
            var before = _changes.LastOrDefault(c => c.At < from);
            var inside = _changes.Where(c => c.At >= from && c.At <= until);
            return (before.State is null ? inside : inside.Prepend(before)).ToList();
        }
    }

    /// <summary>When readiness first said <paramref name="state"/>'s kind (200 or 503) at or after <paramref name="from"/>.</summary>
    public TimeSpan? First(Func<string, bool> state, TimeSpan from)
    {
        lock (_changes)
        {
            return _changes.Where(c => c.At >= from && state(c.State)).Select(c => (TimeSpan?)c.At).FirstOrDefault();
        }
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var state = await ReadAsync();
            lock (_changes)
            {
                if (_changes.Count == 0 || _changes[^1].State != state)
                {
                    _changes.Add((_clock.Elapsed, state));
                }
            }

            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<string> ReadAsync()
    {
        try
        {
            using var response = await _client.GetAsync("/health/ready", _stop.Token);
            if (response.IsSuccessStatusCode)
            {
                return "200";
            }

            using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var failing = report.RootElement.GetProperty("checks").EnumerateObject()
                .Where(c => c.Value.GetProperty("status").GetString() != "Healthy").Select(c => c.Name);
            return $"{(int)response.StatusCode} ({string.Join(", ", failing)})";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return "no answer";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _client.Dispose();
        _stop.Dispose();
    }
}
