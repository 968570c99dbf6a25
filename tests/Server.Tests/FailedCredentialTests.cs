using System.Diagnostics;
using System.Net.Http.Headers;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Server.Tests;

/// <summary>
/// What an unauthenticated caller can learn or cost by guessing: admin tokens and API keys past a per-address limit
/// are refused with 429 before they are checked, made-up tenants cannot crowd real ones out of the cache, and an
/// unknown tenant answers no faster than a wrong secret for a real one.
/// </summary>
public class FailedCredentialTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    private static readonly Dictionary<string, string?> ShippedLimit = new()
    {
        ["Sluice:Auth:FailedAttemptsBurst"] = "5",
        ["Sluice:Auth:FailedAttemptsPerMinute"] = "1",
    };

    [Fact]
    public async Task Wrong_admin_tokens_past_the_limit_get_429_and_then_even_the_right_token_waits()
    {
        await using var host = await StartHostAsync(ShippedLimit);
        using var guesser = new HttpClient { BaseAddress = host.Address };
        for (var i = 0; i < 5; i++)
        {
            guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"guess-{i:D4}-0123456789abcdefghijkl");
            using var wrong = await guesser.GetAsync("/api/admin/tenants", Ct);
            await ProblemAssert.IsAsync(ProblemTypes.InvalidAdminToken, wrong);
        }

        using (var sixth = await guesser.GetAsync("/api/admin/tenants", Ct))
        {
            await ProblemAssert.IsAsync(ProblemTypes.TooManyFailedAttempts, sixth);
            Assert.True(sixth.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        }

        // The right token is not checked either: a guesser must not learn that a guess was right.
        using var right = await host.Admin.GetAsync("/api/admin/tenants", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.TooManyFailedAttempts, right);
    }

    [Fact]
    public async Task Unknown_keys_past_the_limit_get_429_without_a_storage_read()
    {
        var tenantReads = StorageRequestCounter.AllTenantReads();
        await using var host = await StartHostAsync(ShippedLimit, s => s.AddSingleton<HttpPipelinePolicy>(tenantReads));
        for (var i = 0; i < 5; i++)
        {
            using var made_up = host.WithKey(ApiKey.Create(TenantIds.New()).Value);
            using var refused = await made_up.GetAsync("/api/me", Ct);
            await ProblemAssert.IsAsync(ProblemTypes.UnknownKey, refused);
        }

        var readsBefore = tenantReads.Count;
        using var next = host.WithKey(ApiKey.Create(TenantIds.New()).Value);
        using var limited = await next.GetAsync("/api/me", Ct);
        await ProblemAssert.IsAsync(ProblemTypes.TooManyFailedAttempts, limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal(readsBefore, tenantReads.Count);
    }

    [Fact]
    public async Task Concurrent_guesses_cannot_outrun_the_limit()
    {
        await using var host = await StartHostAsync(ShippedLimit);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var client = host.WithKey(ApiKey.Create(TenantIds.New()).Value);
            using var response = await client.GetAsync("/api/me", Ct);
            return response.StatusCode;
        }));

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(45, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task An_unknown_tenant_and_a_wrong_secret_for_a_real_one_both_answer_no_sooner_than_the_floor()
    {
        var floor = TimeSpan.FromMilliseconds(300);
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sluice:Auth:RefusalFloor"] = "00:00:00.300" });
        var (tenantId, key) = await host.TenantWithKeyAsync("read");
        using (var real = host.WithKey(key))
        {
            (await real.GetAsync("/api/me", Ct)).Dispose(); // the tenant is now cached: a wrong secret costs no read
        }

        var parsed = ApiKey.TryParse(key, out var issued) ? issued! : throw new InvalidOperationException(key);
        var wrongSecret = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');
        var unknownTenant = ApiKey.Create(TenantIds.New()).Value;
        Assert.Equal(tenantId, parsed.TenantId);
        foreach (var presented in new[] { wrongSecret, unknownTenant, wrongSecret, unknownTenant })
        {
            using var client = host.WithKey(presented);
            var watch = Stopwatch.StartNew();
            using var refused = await client.GetAsync("/api/me", Ct);
            watch.Stop();
            await ProblemAssert.IsAsync(ProblemTypes.UnknownKey, refused);
            Assert.True(watch.Elapsed >= floor - TimeSpan.FromMilliseconds(20), $"refused after {watch.Elapsed.TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task Made_up_tenant_ids_do_not_evict_real_tenants_from_the_cache()
    {
        string? watched = null;
        var realReads = new StorageRequestCounter(request => watched is { } id && request.Method == Azure.Core.RequestMethod.Get
            && Uri.UnescapeDataString(request.Uri.Path).Contains($"(PartitionKey='{id}',RowKey='tenant')", StringComparison.Ordinal));
        await using var host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Sluice:Auth:CacheSizeLimit"] = "100",
            ["Sluice:Auth:NegativeCacheSizeLimit"] = "100",
            ["Sluice:Auth:RefusalFloor"] = "00:00:00",
        }, s => s.AddSingleton<HttpPipelinePolicy>(realReads));
        var (tenantId, key) = await host.TenantWithKeyAsync("read");
        using var real = host.WithKey(key);
        (await real.GetAsync("/api/me", Ct)).Dispose();
        watched = tenantId;

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (_, ct) =>
        {
            using var client = host.WithKey(ApiKey.Create(TenantIds.New()).Value);
            using var refused = await client.GetAsync("/api/me", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        });
        await Task.Delay(500, Ct); // MemoryCache compacts in the background

        using var again = await real.GetAsync("/api/me", Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, realReads.Count);
    }
}
