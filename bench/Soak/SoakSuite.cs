namespace Sluice.Bench.Soak;
public static class SoakSuite { public static Task<int> RunAsync(IReadOnlyDictionary<string,string> o) => Task.FromResult(2); }
