using Sluice.Keys;

namespace Sluice.Tenants;

/// <summary>Tenant ids are 't' plus 13 random base32 characters: about 65 bits, unguessable and URL-safe.</summary>
public static class TenantIds
{
    private const int RandomChars = 13;

    public static string New() => RandomIds.New('t', RandomChars);

    public static bool IsValid(string? id) => id is not null && RandomIds.IsValid(id, 't', RandomChars);
}
