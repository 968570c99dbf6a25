namespace Sluice.Testing;

/// <summary>A scratch data directory for <c>scripts/run</c>; disposing it kills any Azurite a run left in it, then deletes it.</summary>
public sealed class RunDataDirectory : IDisposable
{
    private readonly DirectoryInfo _directory;

    private RunDataDirectory(DirectoryInfo directory) => _directory = directory;

    public string FullName => _directory.FullName;

    public static RunDataDirectory Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix));

    public void Dispose()
    {
        RunScript.KillAzuriteLeftIn(FullName);
        _directory.Delete(recursive: true);
    }
}
