using System.CommandLine;
using Sluice.Cli;

// sluice: send events through a durable outbox, read them back, show usage. Exit codes: ExitCodes.
var url = new Option<string?>("--url") { Description = "Sluice's base URL (else SLUICE_URL, else the config file)", Recursive = true };
var key = new Option<string?>("--key") { Description = "The API key (else SLUICE_API_KEY, else the config file)", Recursive = true };
var outbox = new Option<string?>("--outbox") { Description = "The outbox directory (else SLUICE_OUTBOX, else ~/.local/state/sluice/outbox)", Recursive = true };
var deadline = new Option<TimeSpan?>("--deadline") { Description = "How long to keep retrying before leaving events in the outbox (default 00:05:00)", Recursive = true };
var config = new Option<string?>("--config") { Description = "A JSON config file (else SLUICE_CONFIG, else ~/.config/sluice/config.json)", Recursive = true };
CliSettings Settings(ParseResult p) => CliSettings.Resolve(p.GetValue(url), p.GetValue(key), p.GetValue(outbox), p.GetValue(deadline), p.GetValue(config));

var type = new Argument<string?>("type") { Description = "The event type", Arity = ArgumentArity.ZeroOrOne };
var payload = new Argument<string?>("payload") { Description = "The payload as JSON (default {})", Arity = ArgumentArity.ZeroOrOne };
var id = new Option<string?>("--id") { Description = "The event's id (default: a new one); sending it again is harmless" };
var occurredAt = new Option<DateTimeOffset?>("--occurred-at") { Description = "When it happened (RFC 3339)" };
var file = new Option<string?>("--file") { Description = "Events from a file: a JSON array, one object, or NDJSON" };
var ndjson = new Option<bool>("--ndjson") { Description = "Events as NDJSON on stdin" };
var send = new Command("send", "Send one event (type and payload), a file of events, or NDJSON from stdin") { type, payload, id, occurredAt, file, ndjson };
send.SetAction((p, ct) => Commands.RunAsync(() => Commands.SendAsync(Settings(p), () => Commands.Input(p.GetValue(type), p.GetValue(payload), p.GetValue(id), p.GetValue(occurredAt), p.GetValue(file), p.GetValue(ndjson)), ct)));

var status = new Command("status", "What the outbox holds");
status.SetAction((p, ct) => Commands.RunAsync(() => Commands.OutboxStatusAsync(Settings(p))));
var flush = new Command("flush", "Send what the outbox holds");
flush.SetAction((p, ct) => Commands.RunAsync(() => Commands.SendAsync(Settings(p), () => [], ct)));
var outboxCommand = new Command("outbox", "The outbox of events not yet confirmed") { status, flush };

var eventType = new Option<string?>("--type") { Description = "Only events of this type" };
var from = new Option<DateTimeOffset?>("--from") { Description = "Received at or after (RFC 3339)" };
var until = new Option<DateTimeOffset?>("--until") { Description = "Received before (RFC 3339)" };
var limit = new Option<int?>("--limit") { Description = "Events per page, 1 to 200 (default 50)" };
var all = new Option<bool>("--all") { Description = "Every page, not just the first" };
var events = new Command("events", "Read events back, newest first, as NDJSON") { eventType, from, until, limit, all };
events.SetAction((p, ct) => Commands.RunAsync(() => Commands.EventsAsync(Settings(p), new(p.GetValue(eventType), p.GetValue(from), p.GetValue(until), p.GetValue(limit)), p.GetValue(all), ct)));

var usage = new Command("usage", "This month's usage and the plan's limits");
usage.SetAction((p, ct) => Commands.RunAsync(() => Commands.UsageAsync(Settings(p), ct)));
var me = new Command("me", "The tenant and key this CLI calls with");
me.SetAction((p, ct) => Commands.RunAsync(() => Commands.MeAsync(Settings(p), ct)));

var adminToken = new Option<string?>("--admin-token") { Description = "An admin token (else SLUICE_ADMIN_TOKEN, else \"adminToken\" in the config file)", Recursive = true };
(Uri Url, string Token) Admin(ParseResult p) => CliSettings.ResolveAdmin(p.GetValue(url), p.GetValue(adminToken), p.GetValue(config));
var tenantId = new Argument<string>("tenant-id") { Description = "The tenant to export" };
var exportOutput = new Option<string?>("--output") { Description = "Write to this file (default: stdout)" };
var export = new Command("export", "Stream a tenant as NDJSON (its rows as stored, key hashes only), with a checksummed trailer") { tenantId, exportOutput };
export.SetAction((p, ct) => Commands.RunAsync(() => { var (u, t) = Admin(p); return TenantTransferCommands.ExportAsync(u, t, p.GetValue(tenantId)!, p.GetValue(exportOutput), ct); }));
var importInput = new Option<string?>("--input") { Description = "Read this file (default: stdin)" };
var import = new Command("import", "Import an export into this deployment (checked whole first; safe to run again)") { importInput };
import.SetAction((p, ct) => Commands.RunAsync(() => { var (u, t) = Admin(p); return TenantTransferCommands.ImportAsync(u, t, p.GetValue(importInput), ct); }));
var admin = new Command("admin", "Operator commands (admin token)") { adminToken, export, import };

var root = new RootCommand("sluice: send events to Sluice without dropping them, and read them back") { url, key, outbox, deadline, config, send, outboxCommand, events, usage, me, admin };
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return ExitCodes.Usage;
}

return await parsed.InvokeAsync();
