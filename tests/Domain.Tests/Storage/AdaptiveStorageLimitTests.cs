using Sluice.Storage;

namespace Sluice.Domain.Tests.Storage;

/// <summary>The adaptive limit: one decision per window of calls, in the AIMD manner, and calls over it wait their turn.</summary>
public class AdaptiveStorageLimitTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(400);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fast_calls_that_use_the_whole_limit_raise_it_by_one_per_window_up_to_the_maximum()
    {
        var limit = new AdaptiveStorageLimit(initial: 4, minimum: 1, maximum: 6, Target);

        for (var window = 0; window < 5; window++)
        {
            await WindowAsync(limit, Fast, refused: false);
        }

        Assert.Equal(6, limit.Limit);
        Assert.Equal(AdaptiveStorageLimit.Room, limit.LastChange);
        Assert.Equal(2, limit.Changes[AdaptiveStorageLimit.Room]);
    }

    [Fact]
    public async Task Fast_calls_that_leave_the_limit_unused_do_not_raise_it()
    {
        var limit = new AdaptiveStorageLimit(initial: 4, minimum: 1, maximum: 64, Target);

        for (var call = 0; call < 50; call++)
        {
            await limit.AcquireAsync(Ct);
            limit.Release(Fast, refused: false);
        }

        Assert.Equal(4, limit.Limit);
        Assert.Equal(AdaptiveStorageLimit.Started, limit.LastChange);
    }

    [Fact]
    public async Task More_than_a_tenth_of_a_window_over_the_target_takes_a_fifth_off()
    {
        var limit = new AdaptiveStorageLimit(initial: 20, minimum: 1, maximum: 64, Target);

        await WindowAsync(limit, Slow, refused: false, slowCalls: 3);

        Assert.Equal(16, limit.Limit);
        Assert.Equal(AdaptiveStorageLimit.Slow, limit.LastChange);
    }

    [Fact]
    public async Task A_refused_call_halves_the_limit_but_never_below_the_minimum()
    {
        var limit = new AdaptiveStorageLimit(initial: 20, minimum: 2, maximum: 64, Target);

        await WindowAsync(limit, Fast, refused: true, slowCalls: 1);
        Assert.Equal(10, limit.Limit);
        for (var window = 0; window < 5; window++)
        {
            await WindowAsync(limit, Fast, refused: true, slowCalls: 1);
        }

        Assert.Equal(2, limit.Limit);
        Assert.Equal(AdaptiveStorageLimit.Refused, limit.LastChange);
    }

    [Fact]
    public async Task Calls_over_the_limit_wait_in_order_and_a_cancelled_one_leaves_the_line()
    {
        var limit = new AdaptiveStorageLimit(initial: 2, minimum: 1, maximum: 64, Target);
        await limit.AcquireAsync(Ct);
        await limit.AcquireAsync(Ct);
        using var cancel = new CancellationTokenSource();
        var first = limit.AcquireAsync(Ct).AsTask();
        var cancelled = limit.AcquireAsync(cancel.Token).AsTask();
        var third = limit.AcquireAsync(Ct).AsTask();
        Assert.False(first.IsCompleted || cancelled.IsCompleted || third.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        limit.Release(Fast, refused: false);
        await first.WaitAsync(Ct);
        Assert.False(third.IsCompleted);
        limit.Release(Fast, refused: false);
        await third.WaitAsync(Ct);

        Assert.Equal(2, limit.InFlight);
    }

    /// <summary>One window of calls all in flight at once (so the whole limit is used), <paramref name="slowCalls"/> of them taking <paramref name="slow"/>.</summary>
    private static async Task WindowAsync(AdaptiveStorageLimit limit, TimeSpan slow, bool refused, int slowCalls = 0)
    {
        var calls = Math.Max(AdaptiveStorageLimit.MinimumWindow, limit.Limit);
        var released = 0;
        while (released < calls)
        {
            var batch = Math.Min(limit.Limit, calls - released);
            for (var i = 0; i < batch; i++)
            {
                await limit.AcquireAsync(Ct);
            }

            for (var i = 0; i < batch; i++, released++)
            {
                var isSlow = released < slowCalls;
                limit.Release(isSlow ? slow : Fast, refused && isSlow);
            }
        }
    }
}
