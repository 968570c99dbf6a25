namespace Sluice.Billing;

/// <summary>
/// Counts the Stripe API retries made inside one piece of work (a reconciliation step), so its report can say how
/// often Stripe pushed back. The count flows with the async context into the HTTP pipeline's retry callback.
/// </summary>
public static class StripeRetries
{
    private static readonly AsyncLocal<Counter?> Current = new();

    public static async Task<(T Result, int Retries)> CountAsync<T>(Func<Task<T>> work)
    {
        // Set inside this async method, the value reaches what it awaits and never leaks back to the caller.
        var counter = new Counter();
        Current.Value = counter;
        return (await work(), counter.Value);
    }

    public static void Record()
    {
        if (Current.Value is { } counter)
        {
            Interlocked.Increment(ref counter.Value);
        }
    }

    private sealed class Counter
    {
        public int Value;
    }
}
