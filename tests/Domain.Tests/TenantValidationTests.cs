using System.Diagnostics;
using Azure.Core.Pipeline;
using Sluice.Admin;
using Sluice.Auth;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Domain.Tests;

/// <summary>Validation reads storage at most once per staleness window, coalesces misses, and honours the bound.</summary>
public class TenantValidationTests(AzuriteFixture storage)
{
    private readonly string _prefix = AzuriteFixture.NewTablePrefix();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_thousand_validations_of_a_cached_key_cost_one_read()
    {
        await using var tenant = await SeededTenantAsync("00:10:00");

        var results = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(async _ =>
        {
            await Task.Yield();
            return await tenant.RefusalAsync(tenant.Key);
        }));

        Assert.All(results, Assert.Null);
        Assert.Equal(1, tenant.Reads.Count);
    }

    [Fact]
    public async Task Validations_over_several_windows_cost_at_most_one_read_per_window()
    {
        var ttl = TimeSpan.FromMilliseconds(250);
        await using var tenant = await SeededTenantAsync(ttl.ToString());

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Null(await tenant.RefusalAsync(tenant.Key));
            if (i % 1000 == 999)
            {
                await Task.Delay(100, Ct); // spread the calls over several windows
            }
        }

        // n reads need at least n-1 whole windows between them: one read per window that was started.
        var windowsStarted = (int)Math.Floor(watch.Elapsed / ttl) + 1;
        Assert.InRange(tenant.Reads.Count, 2, windowsStarted);
    }

    [Fact]
    public async Task A_hundred_concurrent_first_validations_cost_exactly_one_read()
    {
        // The read is held back so that all hundred callers are certainly waiting on it at once.
        await using var tenant = await SeededTenantAsync("00:10:00", new DelayPolicy(TimeSpan.FromMilliseconds(300)));
        using var gate = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            gate.Wait(Ct);
            return await tenant.RefusalAsync(tenant.Key);
        }, Ct)).ToArray();
        gate.Set();

        Assert.All(await Task.WhenAll(callers), Assert.Null);
        Assert.Equal(1, tenant.Reads.Count);
    }

    [Fact]
    public Task A_revoked_key_is_refused_everywhere_within_the_bound() =>
        AssertRefusedEverywhereWithinBoundAsync(ProblemTypes.RevokedKey,
            (admin, key) => admin.RevokeKeyAsync("tester", key.TenantId, key.KeyId, Ct));

    [Fact]
    public Task A_suspended_tenant_is_refused_everywhere_within_the_bound() =>
        AssertRefusedEverywhereWithinBoundAsync(ProblemTypes.TenantSuspended,
            (admin, key) => admin.UpdateTenantAsync("tester", key.TenantId, new TenantChanges(null, null, TenantStatus.Suspended, null, false), Ct));

    [Fact]
    public async Task An_unknown_key_is_refused_without_another_read_inside_the_negative_window()
    {
        var reads = StorageRequestCounter.AllTenantReads();
        await using var instance = await DomainServices.StartAsync(storage, _prefix,
            new Dictionary<string, string?> { ["Sluice:Auth:NegativeCacheTtl"] = "00:01:00" }, reads);
        var unknown = ApiKey.Create(TenantIds.New()).Value;

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(ProblemTypes.UnknownKey, (await instance.Get<KeyValidator>().ValidateAsync(unknown, ApiKeyScope.Ingest, Ct)).Problem?.Type);
        }

        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public async Task A_wrong_secret_or_unknown_key_id_of_a_known_tenant_is_refused_from_the_cache()
    {
        await using var tenant = await SeededTenantAsync("00:10:00");
        var key = tenant.Key;
        var wrongSecret = key[..^4] + (key.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");

        Assert.Null(await tenant.RefusalAsync(key));
        Assert.Equal(ProblemTypes.UnknownKey, await tenant.RefusalAsync(wrongSecret));
        Assert.Equal(ProblemTypes.UnknownKey, await tenant.RefusalAsync(ApiKey.Create(tenant.TenantId).Value));
        Assert.Equal(1, tenant.Reads.Count);
    }

    [Fact]
    public async Task The_readiness_path_bypasses_the_cache_and_reads_every_time()
    {
        await using var tenant = await SeededTenantAsync("00:10:00");

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await tenant.RefusalAsync(tenant.Key, bypassCache: true));
        }

        Assert.Equal(3, tenant.Reads.Count);
    }

    /// <summary>
    /// Two instances with a 1 s bound; one caches the tenant, the other makes <paramref name="change"/>. The changer
    /// refuses at once, the other within the bound (plus polling slack), timed from the end of the change.
    /// </summary>
    private async Task AssertRefusedEverywhereWithinBoundAsync(ProblemType expected, Func<TenantAdministration, ApiKey, Task> change)
    {
        const string ttl = "00:00:01";
        await using var other = await SeededTenantAsync(ttl);
        await using var changer = await DomainServices.StartAsync(storage, _prefix, CacheTtl(ttl));
        Assert.Null(await other.RefusalAsync(other.Key));
        Assert.True(ApiKey.TryParse(other.Key, out var parsed));

        await change(changer.Get<TenantAdministration>(), parsed);
        var sinceChange = Stopwatch.StartNew();

        Assert.Equal(expected, (await changer.Get<KeyValidator>().ValidateAsync(other.Key, ApiKeyScope.Ingest, Ct)).Problem?.Type);
        while (await other.RefusalAsync(other.Key) is null && sinceChange.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(expected, await other.RefusalAsync(other.Key));
        Assert.True(sinceChange.Elapsed <= TimeSpan.Parse(ttl) + TimeSpan.FromMilliseconds(500), $"refused after {sinceChange.Elapsed}, bound {ttl}");
    }

    /// <summary>A new tenant with an ingest+read key, and an instance of the Domain that counts its reads of it.</summary>
    private async Task<SeededTenant> SeededTenantAsync(string cacheTtl, params HttpPipelinePolicy[] more)
    {
        string tenantId, key;
        await using (var seeding = await DomainServices.StartAsync(storage, _prefix))
        {
            var admin = seeding.Get<TenantAdministration>();
            tenantId = (await admin.CreateTenantAsync("tester", "acme", Plan.Team, null, Ct)).Id;
            key = (await admin.IssueKeyAsync("tester", tenantId, "ci", ApiKeyScope.Ingest | ApiKeyScope.Read, Ct)).ApiKey;
        }

        var reads = StorageRequestCounter.TenantReads(tenantId);
        return new SeededTenant(await DomainServices.StartAsync(storage, _prefix, CacheTtl(cacheTtl), [reads, .. more]), reads, tenantId, key);
    }

    private static Dictionary<string, string?> CacheTtl(string ttl) => new() { ["Sluice:Auth:CacheTtl"] = ttl };

    private sealed record SeededTenant(DomainServices Instance, StorageRequestCounter Reads, string TenantId, string Key) : IAsyncDisposable
    {
        /// <summary>Null when <paramref name="key"/> grants ingest; otherwise why not.</summary>
        public async Task<ProblemType?> RefusalAsync(string key, bool bypassCache = false) =>
            (await Instance.Get<KeyValidator>().ValidateAsync(key, ApiKeyScope.Ingest, Ct, bypassCache)).Problem?.Type;

        public ValueTask DisposeAsync() => Instance.DisposeAsync();
    }
}
