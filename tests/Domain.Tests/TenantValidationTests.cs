using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Sluice.Admin;
using Sluice.Auth;
using Sluice.Keys;
using Sluice.Problems;
using Sluice.Tenants;
using Sluice.Testing;

namespace Sluice.Domain.Tests;

/// <summary>Validation reads storage at most once per staleness window, coalesces misses, and honours the bound.</summary>
public class TenantValidationTests(AzuriteFixture storage)
{
    private const ApiKeyScope Both = ApiKeyScope.Ingest | ApiKeyScope.Read;
    private readonly string _prefix = AzuriteFixture.NewTablePrefix();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_thousand_validations_of_a_cached_key_cost_one_read()
    {
        var (tenantId, key) = await SeedAsync();
        var reads = StorageRequestCounter.TenantReads(tenantId);
        await using var instance = await DomainServices.StartAsync(storage, _prefix, Ttl("00:10:00"), reads);
        var validator = instance.Get<KeyValidator>();

        var results = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(async _ =>
        {
            await Task.Yield();
            return await validator.ValidateAsync(key, ApiKeyScope.Ingest, Ct);
        }));

        Assert.All(results, r => Assert.Null(r.Problem));
        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public async Task Validations_over_several_windows_cost_at_most_one_read_per_window()
    {
        var (tenantId, key) = await SeedAsync();
        var reads = StorageRequestCounter.TenantReads(tenantId);
        var ttl = TimeSpan.FromMilliseconds(250);
        await using var instance = await DomainServices.StartAsync(storage, _prefix, Ttl(ttl.ToString()), reads);
        var validator = instance.Get<KeyValidator>();

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Null((await validator.ValidateAsync(key, ApiKeyScope.Ingest, Ct)).Problem);
            if (i % 1000 == 999)
            {
                await Task.Delay(100, Ct); // spread the calls over several windows
            }
        }

        var windows = (int)Math.Ceiling(watch.Elapsed / ttl);
        Assert.InRange(reads.Count, 2, windows);
    }

    [Fact]
    public async Task A_hundred_concurrent_first_validations_cost_exactly_one_read()
    {
        var (tenantId, key) = await SeedAsync();
        var reads = StorageRequestCounter.TenantReads(tenantId);
        // The read is held back so that all hundred callers are certainly waiting on it at once.
        var slow = new DelayPolicy(TimeSpan.FromMilliseconds(300));
        await using var instance = await DomainServices.StartAsync(storage, _prefix, Ttl("00:10:00"), reads, slow);
        var validator = instance.Get<KeyValidator>();
        using var gate = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            gate.Wait(Ct);
            return await validator.ValidateAsync(key, ApiKeyScope.Read, Ct);
        }, Ct)).ToArray();
        gate.Set();
        var results = await Task.WhenAll(callers);

        Assert.All(results, r => Assert.Null(r.Problem));
        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_everywhere_within_the_bound()
    {
        var (tenantId, key) = await SeedAsync();
        var ttl = TimeSpan.FromSeconds(1);
        await using var other = await DomainServices.StartAsync(storage, _prefix, Ttl(ttl.ToString()));
        await using var changer = await DomainServices.StartAsync(storage, _prefix, Ttl(ttl.ToString()));
        Assert.Null((await other.Get<KeyValidator>().ValidateAsync(key, ApiKeyScope.Ingest, Ct)).Problem); // cached there
        Assert.True(ApiKey.TryParse(key, out var parsed));

        await changer.Get<TenantAdministration>().RevokeKeyAsync("tester", tenantId, parsed.KeyId, Ct);
        var sinceRevoke = Stopwatch.StartNew();

        // The instance that made the change refuses at once; the other within the staleness bound.
        Assert.Equal(ProblemTypes.RevokedKey, (await changer.Get<KeyValidator>().ValidateAsync(key, ApiKeyScope.Ingest, Ct)).Problem?.Type);
        var refusedAfter = await TimeUntilRefusedAsync(other.Get<KeyValidator>(), key, ProblemTypes.RevokedKey, sinceRevoke);
        Assert.True(refusedAfter <= ttl + TimeSpan.FromMilliseconds(500), $"refused after {refusedAfter}, bound {ttl}");
    }

    [Fact]
    public async Task A_suspended_tenant_is_refused_everywhere_within_the_bound()
    {
        var (tenantId, key) = await SeedAsync();
        var ttl = TimeSpan.FromSeconds(1);
        await using var other = await DomainServices.StartAsync(storage, _prefix, Ttl(ttl.ToString()));
        await using var changer = await DomainServices.StartAsync(storage, _prefix, Ttl(ttl.ToString()));
        Assert.Null((await other.Get<KeyValidator>().ValidateAsync(key, ApiKeyScope.Ingest, Ct)).Problem);

        await changer.Get<TenantAdministration>().UpdateTenantAsync("tester", tenantId, new TenantChanges(null, null, TenantStatus.Suspended, null, false), Ct);
        var sinceSuspension = Stopwatch.StartNew();

        Assert.Equal(ProblemTypes.TenantSuspended, (await changer.Get<KeyValidator>().ValidateAsync(key, ApiKeyScope.Ingest, Ct)).Problem?.Type);
        var refusedAfter = await TimeUntilRefusedAsync(other.Get<KeyValidator>(), key, ProblemTypes.TenantSuspended, sinceSuspension);
        Assert.True(refusedAfter <= ttl + TimeSpan.FromMilliseconds(500), $"refused after {refusedAfter}, bound {ttl}");
    }

    [Fact]
    public async Task An_unknown_key_is_refused_without_another_read_inside_the_negative_window()
    {
        var reads = StorageRequestCounter.AllTenantReads();
        await using var instance = await DomainServices.StartAsync(storage, _prefix,
            new Dictionary<string, string?> { ["Sluice:Auth:NegativeCacheTtl"] = "00:01:00" }, reads);
        var validator = instance.Get<KeyValidator>();
        var unknown = ApiKey.Create(TenantIds.New()).Value;

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(ProblemTypes.UnknownKey, (await validator.ValidateAsync(unknown, ApiKeyScope.Ingest, Ct)).Problem?.Type);
        }

        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public async Task A_wrong_secret_or_unknown_key_id_of_a_known_tenant_is_refused_from_the_cache()
    {
        var (tenantId, key) = await SeedAsync();
        var reads = StorageRequestCounter.TenantReads(tenantId);
        await using var instance = await DomainServices.StartAsync(storage, _prefix, Ttl("00:10:00"), reads);
        var validator = instance.Get<KeyValidator>();
        var wrongSecret = key[..^4] + (key.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");
        var otherKeyId = ApiKey.Create(tenantId).Value;

        Assert.Null((await validator.ValidateAsync(key, ApiKeyScope.Ingest, Ct)).Problem);
        Assert.Equal(ProblemTypes.UnknownKey, (await validator.ValidateAsync(wrongSecret, ApiKeyScope.Ingest, Ct)).Problem?.Type);
        Assert.Equal(ProblemTypes.UnknownKey, (await validator.ValidateAsync(otherKeyId, ApiKeyScope.Ingest, Ct)).Problem?.Type);
        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public async Task The_readiness_path_bypasses_the_cache_and_reads_every_time()
    {
        var (tenantId, key) = await SeedAsync();
        var reads = StorageRequestCounter.TenantReads(tenantId);
        await using var instance = await DomainServices.StartAsync(storage, _prefix, Ttl("00:10:00"), reads);
        var validator = instance.Get<KeyValidator>();

        for (var i = 0; i < 3; i++)
        {
            Assert.Null((await validator.ValidateAsync(key, ApiKeyScope.Ingest, Ct, bypassCache: true)).Problem);
        }

        Assert.Equal(3, reads.Count);
    }

    private async Task<(string TenantId, string Key)> SeedAsync()
    {
        await using var seeding = await DomainServices.StartAsync(storage, _prefix);
        var admin = seeding.Get<TenantAdministration>();
        var tenant = await admin.CreateTenantAsync("tester", "acme", Plan.Team, null, Ct);
        var issued = await admin.IssueKeyAsync("tester", tenant.Id, "ci", Both, Ct);
        return (tenant.Id, issued.ApiKey);
    }

    private static Dictionary<string, string?> Ttl(string ttl) => new() { ["Sluice:Auth:CacheTtl"] = ttl };

    /// <summary>Polls until the key is refused; returns the time since the change (the <paramref name="watch"/>'s start).</summary>
    private async Task<TimeSpan> TimeUntilRefusedAsync(KeyValidator validator, string key, ProblemType expected, Stopwatch watch)
    {
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            var access = await validator.ValidateAsync(key, ApiKeyScope.Ingest, Ct);
            if (access.Problem is not null)
            {
                Assert.Equal(expected, access.Problem.Type);
                return watch.Elapsed;
            }

            await Task.Delay(20, Ct);
        }

        return watch.Elapsed;
    }

    /// <summary>Holds every storage request back for a moment, like a slow dependency.</summary>
    private sealed class DelayPolicy(TimeSpan delay) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await Task.Delay(delay, message.CancellationToken);
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Thread.Sleep(delay);
            ProcessNext(message, pipeline);
        }
    }
}
