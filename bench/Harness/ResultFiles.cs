using Sluice.Server.Local;

namespace Sluice.Bench.Harness;

/// <summary>bench/results: where every suite prints its report to and leaves its files (ignored by git).</summary>
public static class ResultFiles
{
    public static string PathOf(string file)
    {
        var directory = Path.Combine(RepositoryRoot.Find(), "bench", "results");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, file);
    }

    /// <summary>Prints the report and writes it to bench/results/<paramref name="file"/>.</summary>
    public static async Task WriteAsync(string file, string report)
    {
        Console.WriteLine();
        Console.WriteLine(report);
        var path = PathOf(file);
        await File.WriteAllTextAsync(path, report);
        Console.WriteLine($"Written to {path}");
    }
}
