namespace Sluice.Bench.Fuzz;

/// <summary>Read-back with bad parameters, and the attacker asking for the victim's events by id, type and text.</summary>
public static class ReadCases
{
    private static readonly string[] BadQueries =
    [
        "limit=abc", "limit=-1", "limit=0", "limit=201", "limit=1e9", "limit=99999999999999999999", "from=garbage", "until=2026-02-30T00:00:00Z",
        "from=2026-06-01T00:00:00Z&until=2026-01-01T00:00:00Z", "continuation=garbage", "continuation=eyJwIjoiYSIsInIiOiJiIn0",
        "continuation=%00%01%02", "type=%20", "type=a%0d%0aX-Injected:1",
    ];

    public static IEnumerable<FuzzCase> All(Gen gen, FuzzTargets targets)
    {
        yield return new FuzzCase("reads: bad query parameters", true, () => Gen.Get(gen.Next(6) switch
        {
            0 => $"/api/events?type={gen.Letters(gen.Between(200, 4_000))}",
            1 => $"/api/events?continuation={gen.Letters(gen.Between(100, 6_000))}",
            _ => "/api/events?" + gen.Pick(BadQueries),
        }, targets.AttackerKey));
        yield return new FuzzCase("reads: the other tenant's events", false, () => Gen.Get(gen.Next(4) switch
        {
            0 => "/api/events/" + gen.Pick(targets.VictimEventIds),
            1 => "/api/events?type=victim.private",
            2 => "/api/events/" + gen.Pick(["%2e%2e", "..%2f..%2fvictim-001", "%01", gen.Letters(gen.Between(200, 3_000)), "victim-001%0d%0aX-A:1"]),
            _ => $"/api/events?type=victim.private&limit={gen.Between(1, 101)}",
        }, gen.Next(2) == 0 ? targets.AttackerKey : targets.AttackerReadKey));
    }
}
