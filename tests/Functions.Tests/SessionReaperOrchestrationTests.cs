using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Sluice.Functions.Tests;

/// <summary>The eternal session reaper, src/Functions' own orchestration, on the Durable Task engine.</summary>
public class SessionReaperOrchestrationTests(AzuriteFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Fast(TimeSpan interval) => new()
    {
        ["Sluice:Sessions:ReaperInterval"] = interval.ToString(),
        ["Sluice:Orchestrations:ActivityAttempts"] = "3",
        ["Sluice:Orchestrations:FirstRetryDelay"] = "00:00:00.100",
    };

    [Fact]
    public async Task Started_twice_it_runs_as_one_instance_that_goes_on_through_ContinueAsNew()
    {
        await using var hub = await TaskHubHarness.StartAsync(storage, Fast(TimeSpan.FromSeconds(1)), Ct);
        var functions = hub.Function<SessionReaperFunctions>();

        await Task.WhenAll(functions.StartSessionReaper(new TimerInfo(), hub.Client, Ct), functions.StartSessionReaper(new TimerInfo(), hub.Client, Ct));
        await hub.WaitForAsync(SessionReaperFunctions.InstanceId, () => hub.Activities.CallsOf(nameof(SessionReaperFunctions.ReapSessions)).Count >= 3, "three reaping passes");
        await functions.StartSessionReaper(new TimerInfo(), hub.Client, Ct);

        var instances = await hub.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = false }).ToListAsync(Ct);
        var reaper = Assert.Single(instances);
        Assert.Equal(SessionReaperFunctions.InstanceId, reaper.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, reaper.RuntimeStatus);
        var passes = hub.Activities.CallsOf(nameof(SessionReaperFunctions.ReapSessions));
        Assert.All(passes.Zip(passes.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(0.9), $"passes {pair.First:O} and {pair.Second:O} closer than the interval"));
    }

    [Fact]
    public async Task A_pass_that_fails_every_attempt_is_logged_and_the_reaper_waits_and_goes_on()
    {
        await using var hub = await TaskHubHarness.StartAsync(storage, Fast(TimeSpan.FromSeconds(1)), Ct);
        hub.Activities.Fail(nameof(SessionReaperFunctions.ReapSessions), calls: 3);

        await hub.Function<SessionReaperFunctions>().StartSessionReaper(new TimerInfo(), hub.Client, Ct);
        await hub.WaitForAsync(SessionReaperFunctions.InstanceId, () => hub.Activities.CallsOf(nameof(SessionReaperFunctions.ReapSessions)).Count >= 5, "the three failed attempts and two passes after them");

        var failure = Assert.Single(hub.Logs.Lines, line => line.Level == LogLevel.Error && line.Message.Contains("Reaping sessions failed after 3 attempts", StringComparison.Ordinal));
        Assert.Contains("failed on purpose", failure.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await hub.Client.GetInstanceAsync(SessionReaperFunctions.InstanceId, Ct))!.RuntimeStatus);
    }

    [Fact]
    public async Task It_follows_a_changed_interval_without_a_restart()
    {
        await using var hub = await TaskHubHarness.StartAsync(storage, Fast(TimeSpan.FromSeconds(1)), Ct);
        await hub.Function<SessionReaperFunctions>().StartSessionReaper(new TimerInfo(), hub.Client, Ct);
        await hub.WaitForAsync(SessionReaperFunctions.InstanceId, () => hub.Activities.CallsOf(nameof(SessionReaperFunctions.ReapSessions)).Count >= 3, "three passes a second apart");

        hub.Set("Sluice:Sessions:ReaperInterval", "00:00:04");
        var changedAt = DateTimeOffset.UtcNow;
        await hub.WaitForAsync(SessionReaperFunctions.InstanceId, () => hub.Activities.CallsOf(nameof(SessionReaperFunctions.ReapSessions)).Count(at => at > changedAt) >= 3, "three passes after the change");

        var after = hub.Activities.CallsOf(nameof(SessionReaperFunctions.ReapSessions)).Where(at => at > changedAt).ToList();
        Assert.True(after[2] - after[1] >= TimeSpan.FromSeconds(3.9), $"the reaper kept its old interval: passes {after[1]:O} and {after[2]:O}");
    }
}
