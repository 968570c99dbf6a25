namespace Sluice.Storage;

/// <summary>
/// How many storage calls processing may have in flight, adapted to how storage answers them: additive increase,
/// multiplicative decrease (AIMD, in the manner of Netflix's concurrency-limits). Each window of calls (as many as
/// the limit, at least <see cref="MinimumWindow"/>) decides once: a call storage refused or that failed halves the
/// limit; more than a tenth of the calls slower than the target take a fifth off; a window that used the whole
/// limit within the target adds one. Calls over the limit wait in order. Storage that slows down (because requests,
/// or other instances, need it) therefore gets fewer processing calls within a window or two, and the request path,
/// which does not wait here, keeps its latency.
/// </summary>
public sealed class AdaptiveStorageLimit
{
    public const int MinimumWindow = 10;

    public const string Started = "start";
    public const string Refused = "storage-refused";
    public const string Slow = "latency-over-target";
    public const string Room = "within-target";

    public static readonly IReadOnlyList<string> Reasons = [Refused, Slow, Room];

    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiting = new();
    private readonly int _minimum;
    private readonly int _maximum;
    private readonly TimeSpan _target;
    private readonly Dictionary<string, long> _changes = Reasons.ToDictionary(r => r, _ => 0L);
    private double _limit;
    private int _inFlight;
    private int _samples;
    private int _slow;
    private int _refused;
    private int _peak;

    public AdaptiveStorageLimit(int initial, int minimum, int maximum, TimeSpan target)
    {
        _minimum = minimum;
        _maximum = maximum;
        _target = target;
        _limit = Math.Clamp(initial, minimum, maximum);
    }

    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return (int)_limit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Why the limit last changed (<see cref="Started"/> until it first does).</summary>
    public string LastChange { get; private set; } = Started;

    /// <summary>How often the limit changed, by reason.</summary>
    public IReadOnlyDictionary<string, long> Changes
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_changes);
            }
        }
    }

    /// <summary>Waits for room under the limit; the caller must <see cref="Release"/> once its call is done.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> waiting;
        lock (_gate)
        {
            if (_inFlight < (int)_limit)
            {
                Admit();
                return;
            }

            waiting = _waiting.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        await using var cancel = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (waiting.List is not null)
                {
                    _waiting.Remove(waiting);
                    waiting.Value.TrySetCanceled(cancellationToken);
                }
            }
        });
        await waiting.Value.Task;
    }

    /// <param name="latency">How long the call took.</param>
    /// <param name="refused">Storage refused it (throttled, busy, a server error) or it failed to answer.</param>
    public void Release(TimeSpan latency, bool refused)
    {
        List<TaskCompletionSource> admitted = [];
        lock (_gate)
        {
            _inFlight--;
            _samples++;
            if (refused)
            {
                _refused++;
            }
            else if (latency > _target)
            {
                _slow++;
            }

            if (_samples >= Math.Max(MinimumWindow, (int)_limit))
            {
                Decide();
            }

            while (_inFlight < (int)_limit && _waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                Admit();
                admitted.Add(next.Value);
            }
        }

        foreach (var waiter in admitted)
        {
            waiter.TrySetResult();
        }
    }

    private void Admit()
    {
        _inFlight++;
        _peak = Math.Max(_peak, _inFlight);
    }

    private void Decide()
    {
        var before = (int)_limit;
        var (limit, reason) = (_refused, _slow, _peak) switch
        {
            ( > 0, _, _) => (_limit / 2, Refused),
            (_, var slow, _) when slow * 10 > _samples => (_limit * 0.8, Slow),
            (_, _, var peak) when peak >= before => (_limit + 1, Room),
            _ => (_limit, null),
        };
        _limit = Math.Clamp(limit, _minimum, _maximum);
        if (reason is not null && (int)_limit != before)
        {
            LastChange = reason;
            _changes[reason]++;
        }

        (_samples, _slow, _refused, _peak) = (0, 0, 0, _inFlight);
    }
}
