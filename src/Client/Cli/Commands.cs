using System.Text.Json;
using Sluice.Client;

namespace Sluice.Cli;

/// <summary>What each command does, and how its outcome becomes an exit code.</summary>
public static class Commands
{
    /// <summary>Read by people and by jq: characters such as '+' and 'é' as they are, not escaped for HTML.</summary>
    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs a command, turning what it throws into a message on stderr and an exit code.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (CliUsageException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (SluiceGaveUpException e)
        {
            return Fail(ExitCodes.GaveUp, $"{e.Message} {e.Pending:N0} event(s) wait in the outbox; run 'sluice outbox flush' later.");
        }
        catch (SluiceException e) when (e is SluiceAuthenticationException or SluiceForbiddenException)
        {
            return Fail(ExitCodes.Refused, $"{e.Message} The events stay in the outbox.");
        }
        catch (SluiceOutboxBusyException e)
        {
            return Fail(ExitCodes.OutboxBusy, e.Message);
        }
        catch (SluiceTransferException e)
        {
            return Fail(ExitCodes.Failed, e.Message);
        }
        catch (HttpRequestException e)
        {
            return Fail(ExitCodes.Failed, $"Sluice did not answer: {e.Message}");
        }
        catch (SluiceException e)
        {
            return Fail(ExitCodes.Failed, e.Message);
        }
    }

    public static List<SluiceEvent> Input(string? type, string? payload, string? id, DateTimeOffset? occurredAt, string? file, bool ndjson)
    {
        var sources = (type is not null ? 1 : 0) + (file is not null ? 1 : 0) + (ndjson ? 1 : 0);
        if (sources != 1)
        {
            throw new CliUsageException("Give exactly one of: a type (and payload), --file, or --ndjson.");
        }

        return type is not null ? [EventInput.FromArguments(type, payload, id, occurredAt)]
            : file is not null ? EventInput.FromFile(file)
            : EventInput.FromLines(Console.In, "stdin");
    }

    /// <summary>Adds the events to the outbox (on disk first), then sends everything it holds.</summary>
    public static async Task<int> SendAsync(CliSettings settings, Func<List<SluiceEvent>> input, CancellationToken cancellationToken)
    {
        var events = input(); // read and checked in full before anything is added
        var progress = new Progress(Console.Error);
        await using var client = Client(settings, progress);
        var before = client.Outbox!.Rejected;
        try
        {
            var sent = await client.SendAsync(events, cancellationToken);
            progress.End();
            var after = client.Outbox!;
            Console.WriteLine($"{sent:N0} sent, {after.Rejected - before:N0} rejected, {after.Pending:N0} left in the outbox");
            return after.Rejected > before
                ? Fail(ExitCodes.Rejected, $"Sluice refused {after.Rejected - before:N0} events for good; they are in {Path.Combine(after.Directory, "rejected.ndjson")} with the reason.")
                : ExitCodes.Ok;
        }
        finally
        {
            progress.End();
        }
    }

    public static async Task<int> OutboxStatusAsync(CliSettings settings)
    {
        await using var client = Client(settings, null);
        Console.WriteLine(JsonSerializer.Serialize(client.Outbox, Output));
        return ExitCodes.Ok;
    }

    public static async Task<int> EventsAsync(CliSettings settings, EventQuery query, bool all, CancellationToken cancellationToken)
    {
        await using var client = Client(settings, null, outbox: false);
        do
        {
            var page = await client.ListEventsAsync(query, cancellationToken);
            foreach (var e in page.Items)
            {
                Console.WriteLine(JsonSerializer.Serialize(e, Output));
            }

            query = query with { Continuation = page.Continuation };
        }
        while (all && query.Continuation is not null);

        if (query.Continuation is not null)
        {
            Console.Error.WriteLine("More events: --all reads every page.");
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> UsageAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        await using var client = Client(settings, null, outbox: false);
        Console.WriteLine(JsonSerializer.Serialize(await client.GetUsageAsync(cancellationToken), Output));
        return ExitCodes.Ok;
    }

    public static async Task<int> MeAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        await using var client = Client(settings, null, outbox: false);
        Console.WriteLine(JsonSerializer.Serialize(await client.GetMeAsync(cancellationToken), Output));
        return ExitCodes.Ok;
    }

    private static SluiceClient Client(CliSettings settings, Progress? progress, bool outbox = true) => new(new SluiceClientOptions
    {
        BaseAddress = settings.Url,
        ApiKey = settings.ApiKey,
        Deadline = settings.Deadline,
        OutboxDirectory = outbox ? settings.Outbox : null,
        OnProgress = progress is null ? null : progress.Report,
        OnRetry = progress is null ? null : progress.Retrying,
    });

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine(message);
        return code;
    }
}
