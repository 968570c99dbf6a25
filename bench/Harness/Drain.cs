using System.Net.Http.Json;
using System.Text.Json;

namespace Sluice.Bench.Harness;

/// <summary>What a tenant's log and usage say once the queue is empty.</summary>
public sealed record TenantOutcome(AuditResult Audit, long Processed)
{
    /// <summary>Usage counted for events the log has once: a message applied twice counts twice.</summary>
    public long AppliedTwice => (Audit.Logged - Audit.Distinct) + Math.Max(0, Processed - Audit.Distinct);
}

public static class Drain
{
    /// <summary>Waits until the events (or billing) queue has stayed empty for a second (at most <paramref name="limit"/>).</summary>
    public static async Task<TimeSpan> WaitAsync(SluiceStack stack, TimeSpan limit, string queue = "events")
    {
        var started = DateTimeOffset.UtcNow;
        var emptyInARow = 0;
        while (emptyInARow < 3)
        {
            if (DateTimeOffset.UtcNow - started > limit)
            {
                throw new TimeoutException($"The {queue} queue did not drain within {limit.TotalSeconds:0} s.");
            }

            emptyInARow = await stack.BacklogAsync(queue) == 0 ? emptyInARow + 1 : 0;
            await Task.Delay(500);
        }

        return DateTimeOffset.UtcNow - started;
    }

    /// <summary>Drains, then audits the tenant's log against the confirmed ids and reads its usage.</summary>
    public static async Task<TenantOutcome> AuditAsync(SluiceStack stack, string tenantId, string key, IReadOnlyCollection<string> confirmed)
    {
        await WaitAsync(stack, TimeSpan.FromMinutes(3));
        var audit = await LogAudit.RunAsync(stack.DirectStorage, SluiceStack.TablePrefix, tenantId, confirmed);
        using var reader = stack.ClientWithKey(key);
        var usage = await reader.GetFromJsonAsync<JsonElement>("/api/usage");
        return new TenantOutcome(audit, usage.GetProperty("processed").GetInt64());
    }
}
