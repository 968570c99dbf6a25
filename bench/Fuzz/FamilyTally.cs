using System.Collections.Concurrent;
using System.Globalization;

namespace Sluice.Bench.Fuzz;

/// <summary>The answers one family of bad requests got.</summary>
public sealed class FamilyTally(string family)
{
    private readonly ConcurrentDictionary<Verdict, int> _verdicts = new();
    private readonly ConcurrentDictionary<int, int> _statuses = new();

    public string Family => family;

    /// <summary>The first few answers that are findings, to say what went wrong.</summary>
    public ConcurrentQueue<string> Findings { get; } = new();

    public int Requests => _statuses.Values.Sum();

    public int this[Verdict verdict] => _verdicts.GetValueOrDefault(verdict);

    public string Statuses => string.Join(" ", _statuses.OrderByDescending(s => s.Value).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}×{s.Value}")));

    public void Add(Verdict verdict, int status, string request, string body)
    {
        _verdicts.AddOrUpdate(verdict, 1, (_, n) => n + 1);
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (verdict is not (Verdict.Refused or Verdict.Answered) && Findings.Count < 3)
        {
            Findings.Enqueue($"{verdict}: {request} → {status} {body[..Math.Min(body.Length, 300)]}");
        }
    }
}
