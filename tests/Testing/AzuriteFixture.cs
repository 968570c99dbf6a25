using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Sluice.Server.Local;
using Xunit;

namespace Sluice.Testing;

/// <summary>
/// The real Azurite, one per test assembly run. In order: the connection string in
/// <c>SLUICE_TEST_STORAGE_CONNECTION</c> (to share one Azurite across a run); a Testcontainers container of the
/// official image when a Docker engine is reachable; otherwise the repo's pinned npm Azurite with its data in a
/// temporary directory (deleted afterwards). Not in memory: Azurite's in-memory store stalls every service for
/// seconds while it collects deleted queue messages (measured: 3.8 s after 2,000), which queue-heavy tests hit.
/// Test classes isolate themselves with their own table prefix (<see cref="NewTablePrefix"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "SLUICE_TEST_STORAGE_CONNECTION";
    private const string Image = "mcr.microsoft.com/azure-storage/azurite:3.35.0";

    private IContainer? _container;
    private AzuriteProcess? _process;
    private string? _directory;

    public string ConnectionString { get; private set; } = "";

    /// <summary>How Azurite was obtained, for the test log.</summary>
    public string Source { get; private set; } = "";

    public static string NewTablePrefix() => Keys.RandomIds.New('x', 9);

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } given)
        {
            (ConnectionString, Source) = (given, ConnectionVariable);
            return;
        }

        if (DockerEngineReachable())
        {
            _container = new ContainerBuilder(Image)
                .WithCommand("azurite", "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost", "0.0.0.0",
                    "--skipApiVersionCheck", "--disableTelemetry", "--location", "/data")
                .WithPortBinding(10000, true)
                .WithPortBinding(10001, true)
                .WithPortBinding(10002, true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Azurite Table service is successfully listening"))
                .Build();
            await _container.StartAsync();
            ConnectionString = AzuriteProcess.ConnectionStringFor(
                _container.GetMappedPublicPort(10000), _container.GetMappedPublicPort(10001), _container.GetMappedPublicPort(10002));
            Source = $"Testcontainers ({Image})";
            return;
        }

        _directory = Directory.CreateTempSubdirectory("sluice-azurite-").FullName;
        _process = await AzuriteProcess.StartAsync(_directory, CancellationToken.None);
        (ConnectionString, Source) = (_process.ConnectionString, $"npm azurite ({_directory})");
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>
    /// Testcontainers resolves an endpoint only when an engine answers; without one this is null in well under the
    /// 2 s budget (about 175 ms measured here).
    /// </summary>
    public static bool DockerEngineReachable()
    {
        var watch = Stopwatch.StartNew();
        var reachable = TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;
        TestContext.Current.SendDiagnosticMessage($"Docker engine {(reachable ? "reachable" : "not reachable")} ({watch.ElapsedMilliseconds} ms)");
        return reachable;
    }
}
