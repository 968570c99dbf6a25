using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing;

/// <summary>
/// The real Server (Kestrel on a loopback port, real HTTP) over the shared Azurite, with its own tables; or, in a test
/// assembly that names another <see cref="ISluiceHostShape"/>, that host's functions on the same port and tables.
/// Several hosts may share a prefix to act as instances of one deployment.
/// </summary>
public sealed class SluiceHost : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789abcdef";

    private readonly WebApplication _app;

    private SluiceHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
        Admin = new HttpClient { BaseAddress = address };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public Uri Address { get; }

    /// <summary>No credentials: each test sets its own.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends the admin token (actor "tester").</summary>
    public HttpClient Admin { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<SluiceHost> StartAsync(
        AzuriteFixture storage,
        string tablePrefix,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(storage.ConnectionString, tablePrefix, settings, services);

    public static async Task<SluiceHost> StartAsync(
        string storageConnectionString,
        string tablePrefix,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("SLUICE_TEST_LOGS") is { Length: > 0 } logFile)
        {
            builder.Logging.AddProvider(new FileLoggerProvider(logFile));
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sluice:Storage:ConnectionString"] = storageConnectionString,
            ["Sluice:Storage:TablePrefix"] = tablePrefix,
            ["Sluice:Admin:Tokens:tester"] = AdminToken,
            // Sized for a loaded machine (CI shares two cores): a storage call slower than production's 2 s is not
            // a fault here. Tests about slow storage set their own.
            ["Sluice:Storage:CallTimeout"] = "00:00:10",
            // Every test sends from loopback, and many send bad credentials on purpose; the tests of the
            // failed-credential limit set it back.
            ["Sluice:Auth:FailedAttemptsBurst"] = "1000000000",
            ["Sluice:Auth:FailedAttemptsPerMinute"] = "1000000000",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var shape = SluiceHostShapes.Current;
        await shape.ConfigureAsync(builder);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        shape.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SluiceHost(app, new Uri(address));
    }

    /// <summary>A client that presents <paramref name="apiKey"/> as its bearer credential.</summary>
    public HttpClient WithKey(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        // Tests assert what the log and usage hold now: never the last good answer a slow read gets (LastGoodReadTests).
        client.DefaultRequestHeaders.CacheControl = new CacheControlHeaderValue { NoCache = true };
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
