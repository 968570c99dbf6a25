namespace Sluice.Problems;

/// <summary>
/// A stable kind of failure. Clients switch on <see cref="Uri"/>; its slug never changes once published
/// (docs/problems.md lists them all).
/// </summary>
public sealed record ProblemType(string Slug, int Status, string Title)
{
    public string Uri { get; } = $"urn:sluice:problem:{Slug}";
}

/// <summary>The catalogue of every problem type Sluice answers with.</summary>
public static class ProblemTypes
{
    public static readonly ProblemType MissingKey = new("missing-key", 401, "API key required");
    public static readonly ProblemType MalformedKey = new("malformed-key", 401, "Malformed API key");
    public static readonly ProblemType UnknownKey = new("unknown-key", 401, "Unknown API key");
    public static readonly ProblemType RevokedKey = new("revoked-key", 401, "Revoked API key");
    public static readonly ProblemType InsufficientScope = new("insufficient-scope", 403, "API key lacks the required scope");
    public static readonly ProblemType TenantSuspended = new("tenant-suspended", 403, "Tenant suspended");
    public static readonly ProblemType MissingAdminToken = new("missing-admin-token", 401, "Admin token required");
    public static readonly ProblemType InvalidAdminToken = new("invalid-admin-token", 401, "Invalid admin token");

    public static readonly ProblemType InvalidSignature = new("invalid-signature", 400, "Invalid Stripe signature");
    public static readonly ProblemType StaleSignature = new("stale-signature", 400, "Stale Stripe signature");
    public static readonly ProblemType MalformedStripeEvent = new("malformed-stripe-event", 400, "Not a Stripe event");

    public static readonly ProblemType MalformedRequest = new("malformed-request", 400, "Malformed request");
    public static readonly ProblemType SessionRequired = new("session-required", 400, "MCP session id required");
    public static readonly ProblemType MalformedJson = new("malformed-json", 400, "Malformed JSON");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "Request body too large");
    public static readonly ProblemType BatchOverRateLimit = new("batch-over-rate-limit", 413, "More events than the rate limit allows at once");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported content type");
    public static readonly ProblemType ValidationFailed = new("validation-failed", 422, "Invalid fields");
    public static readonly ProblemType InvalidEvents = new("invalid-events", 422, "Invalid events");
    public static readonly ProblemType InvalidExport = new("invalid-export", 422, "Damaged or incomplete tenant export");

    public static readonly ProblemType NotFound = new("not-found", 404, "Not found");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed");
    public static readonly ProblemType TenantNotFound = new("tenant-not-found", 404, "Tenant not found");
    public static readonly ProblemType KeyNotFound = new("key-not-found", 404, "API key not found");
    public static readonly ProblemType EventNotFound = new("event-not-found", 404, "Event not found");
    public static readonly ProblemType DeadLetterNotFound = new("dead-letter-not-found", 404, "Dead-lettered message not found");
    public static readonly ProblemType StripeEventNotFound = new("stripe-event-not-found", 404, "Stripe event not in the ledger");
    public static readonly ProblemType SessionNotFound = new("session-not-found", 404, "MCP session not found");
    public static readonly ProblemType ReportNotFound = new("report-not-found", 404, "Reconciliation report not found");
    public static readonly ProblemType ReconciliationRunning = new("reconciliation-running", 409, "Reconciliation already running");
    public static readonly ProblemType KeyLimitReached = new("key-limit-reached", 409, "Too many active API keys");
    public static readonly ProblemType KeyAlreadyRevoked = new("key-already-revoked", 409, "API key already revoked");
    public static readonly ProblemType ConcurrentUpdate = new("concurrent-update", 409, "Concurrent update");
    public static readonly ProblemType EventIdConflict = new("event-id-conflict", 409, "Event id already used for other content");

    public static readonly ProblemType RateLimited = new("rate-limited", 429, "Rate limit exceeded");
    public static readonly ProblemType TooManyFailedAttempts = new("too-many-failed-attempts", 429, "Too many failed credentials");
    public static readonly ProblemType QuotaExceeded = new("quota-exceeded", 429, "Monthly quota exceeded");
    public static readonly ProblemType Overloaded = new("overloaded", 503, "Server overloaded");
    public static readonly ProblemType StorageUnavailable = new("storage-unavailable", 503, "Storage unavailable");
    public static readonly ProblemType BillingDisabled = new("billing-disabled", 503, "Stripe billing not configured");
    public static readonly ProblemType Internal = new("internal", 500, "Internal error");

    /// <summary>Used when the framework itself answers with a bare status code (unknown route, wrong method).</summary>
    public static ProblemType ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        503 => StorageUnavailable,
        _ => new ProblemType($"http-{status}", status, "HTTP error"),
    };
}
