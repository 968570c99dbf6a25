namespace Sluice.Dashboard;

/// <summary>The dashboard's style sheet and script, embedded in this assembly and served from the dashboard's own path.</summary>
public static class DashboardAssets
{
    private static readonly IReadOnlyDictionary<string, (byte[] Content, string Type)> Files = new Dictionary<string, (byte[], string)>
    {
        ["dashboard.css"] = (Read("dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Read("dashboard.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Serve(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Content, file.Type) : Results.NotFound();

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"Sluice.Dashboard.{name}")
            ?? throw new InvalidOperationException($"The dashboard asset {name} was not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
