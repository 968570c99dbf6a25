using Microsoft.Playwright;
using Sluice.Server.Local;

namespace Sluice.Server.Tests.Dashboard;

/// <summary>
/// A Server with Stripe billing on (against a Stripe stub) and a headless Chromium: Debian's <c>chromium</c>, which
/// scripts/test installs, driven by Playwright through its executable path (Playwright cannot download browsers here).
/// </summary>
public sealed class DashboardFixture(AzuriteFixture storage) : IAsyncLifetime
{
    /// <summary>Set to 1 to write the pages' screenshots into docs/dashboard instead of a scratch folder.</summary>
    private const string UpdateVariable = "SLUICE_UPDATE_SCREENSHOTS";

    private IPlaywright? _playwright;

    public StripeStub Stripe { get; private set; } = null!;

    public SluiceHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Screenshots { get; } = Environment.GetEnvironmentVariable(UpdateVariable) == "1"
        ? Path.Combine(RepositoryRoot.Find(), "docs", "dashboard")
        : Directory.CreateTempSubdirectory("sluice-dashboard-").FullName;

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("SLUICE_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"No Chromium at {chromium}: scripts/test installs Debian's chromium (or set SLUICE_CHROMIUM).");
        Stripe = await StripeStub.StartAsync();
        Host = await SluiceHost.StartAsync(storage, AzuriteFixture.NewTablePrefix(), BillingCalls.Settings(Stripe));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Timeout = (float)LoadedMachine.Patience.TotalMilliseconds,
            // Root in a container needs --no-sandbox; the rest keep Chromium off the network this machine does not have.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
        await Stripe.DisposeAsync();
        if (!Screenshots.StartsWith(RepositoryRoot.Find(), StringComparison.Ordinal))
        {
            Directory.Delete(Screenshots, recursive: true);
        }
    }
}
