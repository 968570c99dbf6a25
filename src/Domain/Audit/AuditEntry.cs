namespace Sluice.Audit;

/// <summary>
/// One administrative change: who did what to which target, when, and the target's state before and after
/// (public views only: never a key or a hash).
/// </summary>
public sealed record AuditEntry(
    string TenantId,
    DateTimeOffset At,
    string Actor,
    string Action,
    string Target,
    string? Before,
    string? After);
