using Sluice.Tenants;

namespace Sluice.Admin;

/// <summary>A tenant before and after a change; the same tenant twice when there was nothing to change.</summary>
public sealed record TenantChange(Tenant Before, Tenant After)
{
    public bool Changed => !ReferenceEquals(Before, After);
}
