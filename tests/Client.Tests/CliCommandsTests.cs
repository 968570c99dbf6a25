using System.Text.Json;

namespace Sluice.Client.Tests;

/// <summary>The sluice commands a script relies on: what they print and what they exit with.</summary>
public class CliCommandsTests(AzuriteFixture storage) : OwnHostsTests(storage)
{
    [Fact]
    public async Task Send_then_read_back_usage_and_me()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;

        var sent = await CliProcess.RunAsync(host.Address, key, outbox, ["send", "build.finished", """{"ok":true}""", "--id", "build-7"]);
        Assert.Equal((0, "1 sent, 0 rejected, 0 left in the outbox"), (sent.ExitCode, sent.Stdout.Trim()));
        await tenant.WaitForEventAsync("build-7");

        var events = await CliProcess.RunAsync(host.Address, key, outbox, ["events", "--type", "build.finished"]);
        Assert.Equal(0, events.ExitCode);
        var line = JsonDocument.Parse(events.Stdout.Trim()).RootElement;
        Assert.Equal("build-7", line.GetProperty("id").GetString());
        Assert.True(line.GetProperty("payload").GetProperty("ok").GetBoolean());

        var usage = await CliProcess.RunAsync(host.Address, key, outbox, ["usage"]);
        Assert.Equal(1, JsonDocument.Parse(usage.Stdout).RootElement.GetProperty("processed").GetInt64());
        var me = await CliProcess.RunAsync(host.Address, key, outbox, ["me"]);
        Assert.Equal(0, me.ExitCode);
        Assert.StartsWith("t", JsonDocument.Parse(me.Stdout).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Contains("+00:00", me.Stdout, StringComparison.Ordinal); // times as a person reads them, not \u002B00:00
        Assert.DoesNotContain("\\u", me.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_plan_whose_limit_is_smaller_than_a_batch_the_CLI_sends_everything_waiting_as_told()
    {
        // A free plan of 20 events a minute: the CLI's first batch (100) can never fit; it must learn the limit, cut
        // its batches to it, wait out the 429s, and finish without a human.
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Sluice:Plans:Free:EventsPerMinute"] = "20" });
        using var tenant = await host.TenantClientAsync("free");
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;
        var lines = string.Join('\n', Enumerable.Range(0, 30).Select(i => $$$"""{"id":"free-{{{i}}}","type":"test.passed","payload":{"n":{{{i}}}}}"""));

        var sent = await CliProcess.RunAsync(host.Address, key, outbox, ["send", "--ndjson"], stdin: lines, deadline: LoadedMachine.Patience);

        Assert.True(sent.ExitCode == 0, $"exit {sent.ExitCode}: {sent.Stdout} {sent.Stderr}");
        Assert.Equal("30 sent, 0 rejected, 0 left in the outbox", sent.Stdout.Trim());
        Assert.Empty(await tenant.MissingFromLogAsync(Enumerable.Range(0, 30).Select(i => $"free-{i}").ToList(), LoadedMachine.Patience));
    }

    [Fact]
    public async Task An_id_reused_with_other_content_exits_4_and_is_set_aside_naming_the_id()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;

        var first = await CliProcess.RunAsync(host.Address, key, outbox, ["send", "build.finished", """{"ok":true}""", "--id", "build-9"]);
        Assert.Equal(0, first.ExitCode);
        var again = await CliProcess.RunAsync(host.Address, key, outbox, ["send", "build.finished", """{"ok":false}""", "--id", "build-9"]);

        Assert.True(again.ExitCode == 4, $"exit {again.ExitCode}: {again.Stdout} {again.Stderr}");
        var rejected = await File.ReadAllTextAsync(Path.Combine(outbox, "rejected.ndjson"), Ct);
        Assert.Contains("build-9", rejected, StringComparison.Ordinal);
        Assert.Contains("already accepted with other content", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_input_line_exits_2_and_adds_nothing()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;

        var (exit, _, stderr) = await CliProcess.RunAsync(host.Address, key, outbox, ["send", "--ndjson"], "{\"type\":\"a\"}\n{\"payload\":1}\n");

        Assert.Equal(2, exit);
        Assert.Contains("stdin line 2", stderr, StringComparison.Ordinal);
        Assert.Contains("\"pending\":0", (await CliProcess.RunAsync(host.Address, key, outbox, ["outbox", "status"])).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_exits_3_and_keeps_the_event_for_later()
    {
        await using var host = await StartHostAsync();
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;

        var (exit, _, stderr) = await CliProcess.RunAsync(host.Address, "sluice_wrong", outbox, ["send", "a.b"]);

        Assert.Equal(3, exit);
        Assert.Contains("refused", stderr, StringComparison.Ordinal);
        Assert.Contains("\"pending\":1", (await CliProcess.RunAsync(host.Address, "sluice_wrong", outbox, ["outbox", "status"])).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_refused_for_good_exits_4_and_is_set_aside_with_the_reason()
    {
        await using var host = await StartHostAsync();
        using var tenant = await host.TenantClientAsync();
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;

        var (exit, stdout, _) = await CliProcess.RunAsync(host.Address, key, outbox, ["send", "--ndjson"], "{\"type\":\"ok\"}\n{\"type\":\"not ok\"}\n");

        Assert.Equal(4, exit);
        Assert.Equal("1 sent, 1 rejected, 0 left in the outbox", stdout.Trim());
        Assert.Contains("not ok", File.ReadAllText(Path.Combine(outbox, "rejected.ndjson")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_URL_it_exits_2_saying_where_to_set_one()
    {
        var outbox = Directory.CreateTempSubdirectory("sluice-cli-").FullName;
        using var cli = CliProcess.Start(new Uri("http://127.0.0.1:1"), "k", outbox, ["send", "a.b", "--url", "not a url"]);
        var (exit, _, stderr) = await cli.WaitAsync();
        Assert.Equal(2, exit);
        Assert.Contains("not an http(s) URL", stderr, StringComparison.Ordinal);
    }
}
