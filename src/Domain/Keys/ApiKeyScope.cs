namespace Sluice.Keys;

/// <summary>What a key may do. An ingest-only key, spread over many CI machines, cannot read a tenant's data.</summary>
[Flags]
public enum ApiKeyScope
{
    None = 0,
    Ingest = 1,
    Read = 2,
}
