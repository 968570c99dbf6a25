namespace Sluice.Tenants;

public enum TenantStatus
{
    Active,
    Suspended,
}
