namespace Sluice.Problems;

/// <summary>
/// A transport that is not Azure Storage (Service Bus in the Functions host) failed: its adapter wraps the SDK's
/// exception in this one, so that Domain answers 503 with Retry-After as it does for a storage fault, not a 500.
/// </summary>
public sealed class DependencyUnavailableException(string dependency, Exception inner)
    : Exception($"{dependency} did not answer: {inner.Message}", inner)
{
    public string Dependency => dependency;
}
