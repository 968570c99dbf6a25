namespace Sluice.Tenants;

public enum Plan
{
    Free,
    Pro,
    Team,
}
