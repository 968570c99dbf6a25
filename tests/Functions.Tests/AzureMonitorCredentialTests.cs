using System.Text.Json;
using Azure.Identity;

namespace Sluice.Functions.Tests;

/// <summary>
/// The worker's telemetry signs in as the app's identity where Application Insights has local auth off; the setting
/// is the one infra/bicep writes, and host.json puts the host in OpenTelemetry mode so the two traces correlate.
/// </summary>
public class AzureMonitorCredentialTests
{
    [Fact]
    public void The_authentication_string_that_Bicep_writes_gives_the_user_assigned_identity()
    {
        var bicep = File.ReadAllText(Path.Combine(Server.Local.RepositoryRoot.Find(), "infra", "bicep", "modules", "functionapp.bicep"));
        Assert.Contains("{ name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }", bicep, StringComparison.Ordinal);

        Assert.IsType<ManagedIdentityCredential>(AzureMonitorCredential.FromAuthenticationString("ClientId=2b1f0c3e-0000-4000-8000-000000000001;Authorization=AAD"));
        Assert.IsType<ManagedIdentityCredential>(AzureMonitorCredential.FromAuthenticationString("Authorization=AAD"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_the_setting_the_connection_string_alone_is_used(string? setting) =>
        Assert.Null(AzureMonitorCredential.FromAuthenticationString(setting));

    [Fact]
    public void An_authentication_string_that_is_not_AAD_stops_the_start_with_a_clear_message()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => AzureMonitorCredential.FromAuthenticationString("ClientId=abc"));
        Assert.Contains("Authorization=AAD", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_runs_in_OpenTelemetry_mode()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Server.Local.RepositoryRoot.Find(), "src", "Functions", "host.json")));
        Assert.Equal("OpenTelemetry", host.RootElement.GetProperty("telemetryMode").GetString());
    }
}
