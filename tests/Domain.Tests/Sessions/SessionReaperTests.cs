using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Sessions;
using Sluice.Storage;

namespace Sluice.Domain.Tests.Sessions;

/// <summary>The reaper's step, as both hosts run it: expired sessions go, in batches; live ones stay.</summary>
public class SessionReaperTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private Task<DomainServices> StartAsync(string? prefix = null) => DomainServices.StartAsync(storage, prefix ?? AzuriteFixture.NewTablePrefix(),
        new Dictionary<string, string?> { ["Sluice:Sessions:IdleTimeout"] = "00:01:00", ["Sluice:Sessions:MaxLifetime"] = "00:10:00" },
        services => services.AddSingleton<TimeProvider>(_clock));

    [Fact]
    public async Task Expired_sessions_are_deleted_and_live_ones_kept()
    {
        await using var domain = await StartAsync();
        var store = domain.Get<SessionStore>();
        var abandoned = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => store.CreateAsync($"t{i % 3}", "2025-06-18", Ct)));
        _clock.Advance(TimeSpan.FromSeconds(61));
        var live = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.CreateAsync("t0", "2025-06-18", Ct)));

        Assert.Null(await store.FindAsync(abandoned[0].Id, Ct)); // expired reads as gone even before the reaper runs
        Assert.Equal(40, await domain.Get<SessionReaper>().ReapAsync(Ct));

        Assert.Equal(10, await CountRowsAsync(domain));
        foreach (var session in live)
        {
            Assert.Equal(session, await store.FindAsync(session.Id, Ct));
        }

        Assert.Equal(0, await domain.Get<SessionReaper>().ReapAsync(Ct));
    }

    [Fact]
    public async Task A_partition_with_more_expired_sessions_than_one_transaction_holds_is_emptied()
    {
        await using var domain = await StartAsync();
        var tables = domain.Get<SluiceTables>();
        var partition = SessionStore.PartitionOf("s0000000000000000000000000a");
        var expiresAt = _clock.GetUtcNow().AddSeconds(-1);
        var rows = Enumerable.Range(0, 250).Select(i => new TableEntity(partition, $"s{i:D25}a") { ["ExpiresAt"] = expiresAt }).ToArray();
        foreach (var chunk in rows.Chunk(TableTransactions.MaxActions))
        {
            await TableTransactions.SubmitAsync(tables.Sessions, chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)).ToArray(), Ct);
        }

        Assert.Equal(250, await domain.Get<SessionReaper>().ReapAsync(Ct));
        Assert.Equal(0, await CountRowsAsync(domain));
    }

    [Fact]
    public async Task Two_reapers_racing_over_the_same_sessions_delete_each_once()
    {
        var prefix = AzuriteFixture.NewTablePrefix();
        await using var first = await StartAsync(prefix);
        await using var second = await StartAsync(prefix);
        var store = first.Get<SessionStore>();
        await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => store.CreateAsync("t0", "2025-06-18", Ct)));
        _clock.Advance(TimeSpan.FromMinutes(2));

        var reaped = await Task.WhenAll(first.Get<SessionReaper>().ReapAsync(Ct), second.Get<SessionReaper>().ReapAsync(Ct));

        Assert.Equal(300, reaped.Sum());
        Assert.Equal(0, await CountRowsAsync(first));
    }

    [Fact]
    public async Task Touching_keeps_a_session_alive_but_never_past_its_maximum_lifetime()
    {
        await using var domain = await StartAsync();
        var store = domain.Get<SessionStore>();
        var session = await store.CreateAsync("t0", "2025-06-18", Ct);
        for (var touch = 0; touch < 11; touch++)
        {
            _clock.Advance(TimeSpan.FromSeconds(50));
            session = (await store.TouchAsync((await store.FindAsync(session.Id, Ct))!, Ct))!;
        }

        Assert.Equal(session.CreatedAt.AddMinutes(10), session.ExpiresAt);
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(await store.FindAsync(session.Id, Ct));
        Assert.Equal(1, await domain.Get<SessionReaper>().ReapAsync(Ct));
    }

    [Fact]
    public async Task Touches_closer_together_than_the_touch_interval_write_nothing()
    {
        await using var domain = await StartAsync();
        var store = domain.Get<SessionStore>();
        var created = await store.CreateAsync("t0", "2025-11-25", Ct);
        Assert.Equal(TimeSpan.FromSeconds(6), domain.Get<IOptions<SessionOptions>>().Value.TouchInterval); // a tenth of the 1-minute idle timeout

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(created, await store.TouchAsync(created, Ct));
        Assert.Equal(created, await store.FindAsync(created.Id, Ct));

        _clock.Advance(TimeSpan.FromSeconds(2));
        var touched = await store.TouchAsync(created, Ct);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(1), touched!.ExpiresAt);
        Assert.Equal(touched, await store.FindAsync(created.Id, Ct));
    }

    [Fact]
    public async Task Touching_a_session_ended_meanwhile_does_not_bring_it_back()
    {
        await using var domain = await StartAsync();
        var store = domain.Get<SessionStore>();
        var session = await store.CreateAsync("t0", "2025-11-25", Ct);
        Assert.True(await store.DeleteAsync(session.Id, Ct));

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await store.TouchAsync(session, Ct));
        Assert.Null(await store.FindAsync(session.Id, Ct));
        Assert.Equal(0, await CountRowsAsync(domain));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-session")]
    [InlineData("s0000000000000000000000000'")]
    public async Task Malformed_session_ids_are_unknown_not_errors(string id)
    {
        await using var domain = await StartAsync();
        Assert.Null(await domain.Get<SessionStore>().FindAsync(id, Ct));
        Assert.False(await domain.Get<SessionStore>().DeleteAsync(id, Ct));
    }

    private static async Task<int> CountRowsAsync(DomainServices domain)
    {
        var count = 0;
        await foreach (var _ in domain.Get<SluiceTables>().Sessions.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: Ct))
        {
            count++;
        }

        return count;
    }
}
