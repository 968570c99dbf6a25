using Azure.Core;
using Azure.Identity;

namespace Sluice.Functions;

/// <summary>
/// The credential the worker's Azure Monitor exporter signs in with, for an Application Insights resource with local
/// auth off. The Functions host reads <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> for its own telemetry; the
/// exporter in the worker reads only the connection string, so without this the worker's telemetry is refused.
/// </summary>
public static class AzureMonitorCredential
{
    public const string Setting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <returns>
    /// Null when the setting is absent (local auth: the connection string's key is enough); the user-assigned identity
    /// named by <c>ClientId</c>, or the system-assigned one, for <c>Authorization=AAD</c>.
    /// </returns>
    public static TokenCredential? FromAuthenticationString(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Setting} must contain Authorization=AAD (and ClientId=<identity client id> for a user-assigned identity).");
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
