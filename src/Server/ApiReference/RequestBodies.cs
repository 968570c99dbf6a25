using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Sluice.Admin;
using Sluice.Events;
using Sluice.Ingestion;
using Sluice.Keys;
using Sluice.Tenants;

namespace Sluice.Server.ApiReference;

// The request bodies as the OpenAPI document shows them. Domain reads each body field by field (so that every bad
// field gets its own error); these records only describe what it accepts, with the limits Domain enforces.

[Description("One event.")]
public sealed record EventInput(
    [property: Description("What happened, e.g. \"order.created\".")]
    [property: Required, StringLength(EventLimits.MaxTypeLength), RegularExpression(EventLimits.TypeSyntax)]
    string Type,
    [property: Description("Any JSON, at most 256 KiB.")]
    [property: Required]
    JsonElement Payload,
    [property: Description("Your id for the event; a retry with the same id and content is a harmless duplicate. Assigned by the server when absent.")]
    [property: StringLength(EventLimits.MaxIdLength), RegularExpression(EventLimits.IdSyntax)]
    string? Id = null,
    [property: Description("When it happened (RFC 3339 with an offset): at most 366 days ago and 1 hour ahead.")]
    DateTimeOffset? OccurredAt = null);

[Description("Up to 100 events, accepted all or none.")]
public sealed record EventBatchInput(
    [property: Required, MinLength(1), MaxLength(EventLimits.MaxEventsPerRequest)]
    IReadOnlyList<EventInput> Events);

[Description("A new tenant.")]
public sealed record TenantCreation(
    [property: Required, StringLength(AdminFields.MaxNameLength, MinimumLength = 1)]
    string Name,
    [property: Description("free (the default), pro or team."), WireNames(typeof(Plan))]
    string? Plan = null,
    [property: Description("Events per minute instead of the plan's."), Range(1, AdminFields.MaxRateLimitOverride)]
    int? RateLimitOverride = null);

[Description("The fields to change; absent fields stay as they are, null clears an override.")]
public sealed record TenantUpdate(
    [property: StringLength(AdminFields.MaxNameLength, MinimumLength = 1)]
    string? Name = null,
    [property: WireNames(typeof(Plan))]
    string? Plan = null,
    [property: WireNames(typeof(TenantStatus))]
    string? Status = null,
    [property: Description("Events per minute instead of the plan's; null goes back to the plan."), Range(1, AdminFields.MaxRateLimitOverride)]
    int? RateLimitOverride = null,
    [property: Description("Days the log keeps events instead of the plan's; null goes back to the plan."), Range(1, EventRetention.MaxDays)]
    int? RetentionDaysOverride = null);

[Description("A new API key.")]
public sealed record KeyIssue(
    [property: Description("What the key may do."), Required, MinLength(1), WireNames(typeof(ApiKeyScope))]
    IReadOnlyList<string> Scopes,
    [property: Description("A label for people (default \"default\")."), StringLength(AdminFields.MaxNameLength, MinimumLength = 1)]
    string? Name = null);

[Description("Optional: how long the replaced key keeps working.")]
public sealed record KeyRotation(
    [property: Description("Seconds the old key keeps working (default 0, at most 7 days)."), Range(0, AdminFields.MaxRotationGraceSeconds)]
    int? GraceSeconds = null);
