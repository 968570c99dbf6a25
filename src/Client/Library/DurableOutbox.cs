using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Client;

/// <summary>What an outbox holds.</summary>
public sealed record OutboxStatus(string Directory, int Pending, long Bytes, int Rejected);

/// <summary>
/// A durable outbox in a directory: an append-only log (<c>outbox.log</c>) of events added and of ids confirmed,
/// each record one line, <c>{first 8 hex of its SHA-256} {json}</c>, flushed to disk before <see cref="Add"/>
/// returns. A crash mid-write can only tear the last line; opening drops a torn or damaged line (its hash does not
/// match) and cuts a torn tail off before appending. Events the server refuses for good go to <c>rejected.ndjson</c>
/// with the reason. One process at a time: the open outbox holds <c>outbox.lock</c>.
/// </summary>
public sealed class DurableOutbox : IDisposable
{
    private const string LogName = "outbox.log";
    private const long CompactAbove = 4 * 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _directory;
    private readonly FileStream _lock;
    private readonly Dictionary<string, SluiceEvent> _pending = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private FileStream _log;
    private int _rejected;

    private DurableOutbox(string directory, FileStream @lock, FileStream log)
    {
        _directory = directory;
        _lock = @lock;
        _log = log;
    }

    public static DurableOutbox Open(string directory)
    {
        Directory.CreateDirectory(directory);
        FileStream @lock;
        try
        {
            @lock = new FileStream(Path.Combine(directory, "outbox.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new SluiceOutboxBusyException(directory, e);
        }

        var log = new FileStream(Path.Combine(directory, LogName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var outbox = new DurableOutbox(directory, @lock, log);
        outbox.Load();
        return outbox;
    }

    public int Pending => _order.Count;

    public IReadOnlyList<SluiceEvent> PendingEvents() => _order.Select(id => _pending[id]).ToList();

    public OutboxStatus Status() => new(_directory, Pending, _log.Length, _rejected);

    /// <summary>Adds events; when this returns they are on disk. An event already pending is not added twice.</summary>
    public void Add(IReadOnlyCollection<SluiceEvent> events)
    {
        var fresh = events.Where(e => !_pending.ContainsKey(e.Id)).DistinctBy(e => e.Id).ToList();
        Append(fresh.Select(AddRecord));
        foreach (var e in fresh)
        {
            _pending[e.Id] = e;
            _order.Add(e.Id);
        }
    }

    /// <summary>The server confirmed these (202): they leave the outbox.</summary>
    public void Confirm(IReadOnlyCollection<string> ids)
    {
        Append([new JsonObject { ["ack"] = new JsonArray(ids.Select(id => (JsonNode)id!).ToArray()) }]);
        Forget(ids);
        CompactIfWorthIt();
    }

    /// <summary>The server refused these for good: they move to rejected.ndjson with the reason, and leave the outbox.</summary>
    public void Reject(IReadOnlyCollection<SluiceEvent> events, string reason)
    {
        using (var rejected = new FileStream(Path.Combine(_directory, "rejected.ndjson"), FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            foreach (var e in events)
            {
                rejected.Write(Encoding.UTF8.GetBytes(new JsonObject { ["event"] = JsonSerializer.SerializeToNode(e, Json), ["reason"] = reason }.ToJsonString() + "\n"));
            }

            rejected.Flush(flushToDisk: true);
        }

        _rejected += events.Count;
        Confirm(events.Select(e => e.Id).ToList());
    }

    public void Dispose()
    {
        _log.Dispose();
        _lock.Dispose();
    }

    private void Load()
    {
        var text = Encoding.UTF8.GetString(ReadAll(_log));
        var validEnd = 0;
        var at = 0;
        while (at < text.Length)
        {
            var end = text.IndexOf('\n', at);
            if (end < 0)
            {
                break; // a torn last line, without its newline
            }

            if (Parse(text[at..end]) is { } record)
            {
                Apply(record);
            }

            at = end + 1;
            validEnd = at;
        }

        if (Encoding.UTF8.GetByteCount(text.AsSpan(0, validEnd)) is var keep && keep < _log.Length)
        {
            _log.SetLength(keep);
            _log.Flush(flushToDisk: true);
        }

        _log.Seek(0, SeekOrigin.End);
        _rejected = File.Exists(Path.Combine(_directory, "rejected.ndjson")) ? File.ReadLines(Path.Combine(_directory, "rejected.ndjson")).Count() : 0;
    }

    private void Apply(JsonObject record)
    {
        if (record["add"] is { } added && added.Deserialize<SluiceEvent>(Json) is { } e && !_pending.ContainsKey(e.Id))
        {
            _pending[e.Id] = e;
            _order.Add(e.Id);
        }
        else if (record["ack"] is JsonArray ids)
        {
            Forget(ids.Select(id => id!.GetValue<string>()).ToList());
        }
    }

    private void Forget(IReadOnlyCollection<string> ids)
    {
        var gone = ids.Where(_pending.Remove).ToHashSet(StringComparer.Ordinal);
        if (gone.Count > 0)
        {
            _order.RemoveAll(gone.Contains);
        }
    }

    private void Append(IEnumerable<JsonObject> records)
    {
        var lines = new StringBuilder();
        foreach (var record in records)
        {
            lines.Append(Line(record.ToJsonString()));
        }

        if (lines.Length == 0)
        {
            return;
        }

        _log.Write(Encoding.UTF8.GetBytes(lines.ToString()));
        _log.Flush(flushToDisk: true);
    }

    /// <summary>With nothing pending the log starts over; when it is large and mostly confirmed, it is rewritten with only the pending events (a new file, then an atomic rename).</summary>
    private void CompactIfWorthIt()
    {
        if (_order.Count == 0)
        {
            _log.SetLength(0);
            _log.Flush(flushToDisk: true);
            return;
        }

        if (_log.Length < CompactAbove)
        {
            return;
        }

        var path = Path.Combine(_directory, LogName);
        var temporary = path + ".compacting";
        using (var fresh = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fresh.Write(Encoding.UTF8.GetBytes(string.Concat(PendingEvents().Select(e => Line(AddRecord(e).ToJsonString())))));
            fresh.Flush(flushToDisk: true);
        }

        _log.Dispose();
        File.Move(temporary, path, overwrite: true);
        _log = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        _log.Seek(0, SeekOrigin.End);
    }

    private static JsonObject AddRecord(SluiceEvent e) => new() { ["add"] = JsonSerializer.SerializeToNode(e, Json) };

    private static string Line(string json) => $"{Hash(json)} {json}\n";

    private static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..8];

    private static JsonObject? Parse(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space != 8 || line[..8] != Hash(line[9..]))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(line[9..]) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] ReadAll(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
