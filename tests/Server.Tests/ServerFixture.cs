namespace Sluice.Server.Tests;

/// <summary>One Server per test class, on its own tables in the run's Azurite.</summary>
public sealed class ServerFixture(AzuriteFixture storage) : IAsyncLifetime
{
    public SluiceHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await SluiceHost.StartAsync(storage, AzuriteFixture.NewTablePrefix());

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
