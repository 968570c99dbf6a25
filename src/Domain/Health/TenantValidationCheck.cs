using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sluice.Auth;
using Sluice.Keys;

namespace Sluice.Health;

/// <summary>
/// Readiness runs the real tenant-validation path, bypassing the cache: a well-formed key for a reserved tenant id
/// (no tenant ever has it: ids are random) is parsed, its tenant read from storage, and refused as unknown. That
/// answer proves storage and the validation code work; anything else (an exception, a timeout) is unready. The
/// system this replaces reported "healthy" while 95% of validations failed, because its check skipped this path.
/// </summary>
public sealed class TenantValidationCheck(KeyValidator validator) : IHealthCheck
{
    private const string ProbeTenantId = "t0000000000000";
    private static readonly string ProbeKey = ApiKey.Create(ProbeTenantId).Value;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var access = await validator.ValidateAsync(ProbeKey, ApiKeyScope.Read, cancellationToken, bypassCache: true);
        return access.Problem?.Type == ProblemTypes.UnknownKey
            ? HealthCheckResult.Healthy("A probe key was validated against storage.")
            : HealthCheckResult.Unhealthy($"The probe key got an unexpected answer: {access.Problem?.Type.Slug ?? "granted"}.");
    }
}
