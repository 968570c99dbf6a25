using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Sluice.Server.Local;
using Sluice.Testing;

namespace Sluice.Bench.Harness;

/// <summary>
/// What the suites run against, all on loopback: Azurite keeping its data on disk, a <see cref="LatencyProxy"/> in
/// front of each of its services, the Server (Release) in its own process talking to storage through the proxies,
/// and a Stripe stand-in for billing. Storage can be stopped and started again on the same ports, and the Server
/// killed and started again on its port, while the suite's clients keep their addresses.
/// </summary>
public sealed class SluiceStack : IAsyncDisposable
{
    public const string AdminToken = "bench-admin-token-0123456789abcdef";
    public const string WebhookSecret = "whsec_bench_0123456789abcdef";
    public const string TablePrefix = "suite";
    public const string ProPrice = "price_bench_pro";
    public const string TeamPrice = "price_bench_team";

    private readonly StoppableAzurite _azurite;
    private readonly string _serverDll;
    private readonly IReadOnlyDictionary<string, string> _serverSettings;

    private SluiceStack(StoppableAzurite azurite, LatencyProxy blobs, LatencyProxy queues, LatencyProxy tables, StripeStub stripe, IReadOnlyDictionary<string, string> serverSettings)
    {
        _azurite = azurite;
        Blobs = blobs;
        Queues = queues;
        Tables = tables;
        Stripe = stripe;
        Port = Ports.Free();
        Address = new Uri($"http://127.0.0.1:{Port}");
        _serverDll = Path.Combine(RepositoryRoot.Find(), "src", "Server", "bin", "Release", "net10.0", "Sluice.Server.dll");
        Storage = AzuriteProcess.ConnectionStringFor(blobs.Port, queues.Port, tables.Port);
        var defaults = new Dictionary<string, string>
        {
            ["Sluice__Storage__ConnectionString"] = Storage,
            ["Sluice__Storage__TablePrefix"] = TablePrefix,
            ["Sluice__Admin__Tokens__bench"] = AdminToken,
            ["Sluice__Stripe__WebhookSecrets__0"] = WebhookSecret,
            ["Sluice__Stripe__ApiKey"] = StripeStub.ApiKey,
            ["Sluice__Stripe__ApiBase"] = stripe.Address.ToString(),
            [$"Sluice__Stripe__Prices__{ProPrice}"] = "pro",
            [$"Sluice__Stripe__Prices__{TeamPrice}"] = "team",
            ["Logging__LogLevel__Default"] = "Warning",
            // The suites send many bad credentials from this one loopback address on purpose; the attack suite sets
            // the shipped limit back to test it.
            ["Sluice__Auth__FailedAttemptsBurst"] = "1000000000",
            ["Sluice__Auth__FailedAttemptsPerMinute"] = "1000000000",
        };
        _serverSettings = serverSettings.Aggregate(defaults, (all, setting) =>
        {
            all[setting.Key] = setting.Value;
            return all;
        });
        Admin = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
    }

    public Uri Address { get; }

    /// <summary>The Server build every process of this stack runs.</summary>
    public string ServerDll => _serverDll;

    public int Port { get; }

    /// <summary>Through the proxies, as the Server sees it.</summary>
    public string Storage { get; }

    public LatencyProxy Blobs { get; }

    public LatencyProxy Queues { get; }

    public LatencyProxy Tables { get; }

    public StripeStub Stripe { get; }

    public HttpClient Admin { get; }

    public ChildProcess? Server { get; private set; }

    /// <summary>Starts everything; <paramref name="serverSettings"/> (environment variables) add to or override the defaults.</summary>
    public static async Task<SluiceStack> StartAsync(IReadOnlyDictionary<string, string>? serverSettings = null)
    {
        var azurite = await StoppableAzurite.StartAsync(CancellationToken.None);
        var stack = new SluiceStack(
            azurite, new LatencyProxy(azurite.Ports.Blob), new LatencyProxy(azurite.Ports.Queue), new LatencyProxy(azurite.Ports.Table),
            await StripeStub.StartAsync(), serverSettings ?? new Dictionary<string, string>());
        File.Delete(stack.ServerLog);
        await stack.StartServerAsync();
        return stack;
    }

    /// <summary>Where the Server's log goes (warnings and errors), in bench/results.</summary>
    public string ServerLog { get; } = ResultFiles.PathOf("server.log");

    public async Task StartServerAsync() =>
        Server = await ChildProcess.StartAsync(_serverDll, ["--urls", Address.ToString()], _serverSettings.ToDictionary(), new Uri(Address, "/health/live"), ServerLog);

    public async Task KillServerAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
            Server = null;
        }
    }

    public Task StopStorageAsync() => _azurite.StopAsync();

    /// <summary>Starts storage again on its old ports, so the proxies and every client keep their addresses.</summary>
    public Task StartStorageAsync() => _azurite.RestartAsync(CancellationToken.None);

    /// <summary>A tenant on <paramref name="plan"/> and one key of it with <paramref name="scopes"/>.</summary>
    public async Task<(string TenantId, string Key)> CreateTenantAsync(string name, string plan = "team", int? rateLimit = 1_000_000, params string[] scopes)
    {
        var tenant = await ReadAsync(await Admin.PostAsJsonAsync("/api/admin/tenants", new { name, plan, rateLimitOverride = rateLimit }));
        var tenantId = tenant.GetProperty("id").GetString()!;
        return (tenantId, await IssueKeyAsync(tenantId, scopes.Length == 0 ? ["ingest", "read"] : scopes));
    }

    public async Task<string> IssueKeyAsync(string tenantId, string[] scopes) => (await IssueKeyWithIdAsync(tenantId, scopes)).Key;

    public async Task<(string Id, string Key)> IssueKeyWithIdAsync(string tenantId, string[] scopes)
    {
        var issued = await ReadAsync(await Admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/keys", new { name = "suite", scopes }));
        return (issued.GetProperty("key").GetProperty("id").GetString()!, issued.GetProperty("apiKey").GetString()!);
    }

    public HttpClient ClientWithKey(string key, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>Messages waiting in the events (or billing) queue, read straight from Azurite, not through the proxies.</summary>
    public async Task<int> BacklogAsync(string queue = "events")
    {
        var client = new QueueClient(DirectStorage, $"{TablePrefix}-{queue}", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_11_05));
        return (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    /// <summary>Azurite's node process (it changes when storage is restarted).</summary>
    public int AzuriteProcessId => _azurite.ProcessId;

    /// <summary>Storage as it is, bypassing the proxies: for audits that must not be slowed by an injected fault.</summary>
    public string DirectStorage => _azurite.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        await KillServerAsync();
        Admin.Dispose();
        await Stripe.DisposeAsync();
        await Tables.DisposeAsync();
        await Queues.DisposeAsync();
        await Blobs.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
