using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sluice.Health;

namespace Sluice.Server.Local;

/// <summary>
/// Local runs only (enabled by <c>Sluice:Local:DataDirectory</c>, which the run script sets): adopts or starts
/// Azurite when no storage is configured, keeps a local admin token, and prints a ready-to-paste demo session once
/// started. One Server at a time owns a data directory (a lock the kernel releases however the Server dies).
/// Nothing here runs in tests or in production.
/// </summary>
public sealed class LocalDevelopment : IAsyncDisposable
{
    public const string DataDirectoryKey = "Sluice:Local:DataDirectory";

    private readonly string _dataDirectory;
    private readonly FileStream _ownership;
    private readonly LocalAzurite? _azurite;
    private readonly LocalTableStore? _tableStore;

    private LocalDevelopment(string dataDirectory, FileStream ownership, LocalAzurite? azurite, LocalTableStore? tableStore)
    {
        _dataDirectory = dataDirectory;
        _ownership = ownership;
        _azurite = azurite;
        _tableStore = tableStore;
    }

    public static async Task<LocalDevelopment?> PrepareAsync(WebApplicationBuilder builder)
    {
        if (builder.Configuration[DataDirectoryKey] is not { Length: > 0 } configured)
        {
            return null;
        }

        var dataDirectory = Path.GetFullPath(configured);
        Directory.CreateDirectory(dataDirectory);
        var ownership = Own(dataDirectory);
        EnsurePortsFree(builder.Configuration["urls"]);
        var settings = new Dictionary<string, string?>();
        LocalAzurite? azurite = null;
        LocalTableStore? tableStore = null;
        if (string.IsNullOrEmpty(builder.Configuration["Sluice:Storage:ConnectionString"]))
        {
            azurite = await LocalAzurite.AdoptOrStartAsync(dataDirectory, CancellationToken.None);
            settings["Sluice:Storage:ConnectionString"] = azurite.ConnectionString;
            var limitMiB = builder.Configuration.GetValue(LocalTableStore.LimitKey, LocalTableStore.DefaultLimitMiB);
            if (limitMiB is < 1 or >= LocalTableStore.AzuriteCeilingMiB)
            {
                Console.Error.WriteLine($"scripts/run: {LocalTableStore.LimitKey} must be 1 to {LocalTableStore.AzuriteCeilingMiB - 1} (MiB); Azurite aborts past {LocalTableStore.AzuriteCeilingMiB}.");
                Environment.Exit(1);
            }

            tableStore = new LocalTableStore(azurite.TableFile, limitMiB * 1048576L, TimeProvider.System);
            builder.Services.AddSingleton(tableStore);
            builder.Services.AddHealthChecks().AddCheck<LocalTableStoreCheck>("local-store", HealthStatus.Unhealthy, [HealthEndpoints.ReadyTag]);
        }

        if (!builder.Configuration.GetSection("Sluice:Admin:Tokens").GetChildren().Any())
        {
            settings["Sluice:Admin:Tokens:local"] = ReadOrCreateAdminToken(Path.Combine(dataDirectory, "admin-token"));
        }

        builder.Configuration.AddInMemoryCollection(settings);
        return new LocalDevelopment(dataDirectory, ownership, azurite, tableStore);
    }

    /// <summary>Runs the app, announcing the demo session once it listens.</summary>
    public Task RunAsync(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = AnnounceAsync(app));
        if (_tableStore is not null)
        {
            app.Use(_tableStore.GuardAsync);
        }

        return app.RunAsync();
    }

    /// <summary>A clean stop: the Server has finished its work, so Azurite is stopped the way that saves its data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.StopAsync();
        }

        await _ownership.DisposeAsync();
    }

    /// <summary>A port already in use is one line that says what to do, before anything starts (not the host's stack traces).</summary>
    private static void EnsurePortsFree(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && System.Net.IPAddress.TryParse(uri.Host, out var address))
            {
                try
                {
                    using var probe = new System.Net.Sockets.TcpListener(address, uri.Port);
                    probe.Start();
                }
                catch (System.Net.Sockets.SocketException)
                {
                    Console.Error.WriteLine($"scripts/run: {url} is already in use (another Sluice?). Stop it, or choose another port: SLUICE_PORT={uri.Port + 1} scripts/run");
                    Environment.Exit(1);
                }
            }
        }
    }

    private static FileStream Own(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "server.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            Console.Error.WriteLine($"scripts/run: another Sluice Server is running on {dataDirectory}: stop it, or give this one its own data directory (--Sluice:Local:DataDirectory=...).");
            Environment.Exit(1);
            throw;
        }
    }

    private async Task AnnounceAsync(WebApplication app)
    {
        try
        {
            var demo = await DemoTenant.EnsureAsync(app.Services, Path.Combine(_dataDirectory, "demo-key"), app.Lifetime.ApplicationStopping);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Console.WriteLine($"""

                Sluice is running at {address} (storage: {Storage()})
                Demo tenant {demo.TenantId}; its API key (ingest + read) is in {Path.Combine(_dataDirectory, "demo-key")}.
                Admin token: {Path.Combine(_dataDirectory, "admin-token")}

                Try:
                  curl -s {address}/api/me -H "Authorization: Bearer {demo.ApiKey}"

                """);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            app.Logger.LogError(e, "Could not prepare the demo tenant");
        }
    }

    private string Storage() => _azurite switch
    {
        null => "configured connection string",
        { Adopted: true } => $"Azurite (pid {_azurite.ProcessId}), still running since the last Server stopped uncleanly, data in {Path.Combine(_dataDirectory, "azurite")}",
        _ => $"Azurite (pid {_azurite.ProcessId}), data in {Path.Combine(_dataDirectory, "azurite")}",
    };

    private static string ReadOrCreateAdminToken(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        SecretFile.Write(path, token);
        return token;
    }
}
