namespace Sluice.Storage;

/// <summary>Storage resources a host needs to exist (tables, queues, containers), created at start-up.</summary>
public interface IProvisioned
{
    Task EnsureCreatedAsync(CancellationToken cancellationToken);
}
