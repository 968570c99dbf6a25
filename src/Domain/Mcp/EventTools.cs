using System.ComponentModel;
using System.Security.Claims;
using ModelContextProtocol.Server;
using Sluice.Auth;
using Sluice.Events;
using Sluice.Usage;

namespace Sluice.Mcp;

/// <summary>
/// The MCP tools: read-only views of the caller's own tenant (its log and its usage). Bad input throws the same
/// problems as the HTTP API; <see cref="McpServices"/> turns them into tool errors that carry the problem's detail.
/// </summary>
[McpServerToolType]
public sealed class EventTools(EventLogReader reader, UsageReport usage, TenantCache tenants)
{
    public const int MaxLimit = 100;

    /// <summary>Log entries one text search examines at most; a search stopped there returns a continuation.</summary>
    public const int MaxScanned = 1_000;

    public const int MaxTextLength = 256;

    private const int ScanPage = 200;

    [McpServerTool(Name = "search_events", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Searches this tenant's event log, newest first, by type, received-time range and text in the payload. " +
                 "A text search examines at most 1,000 log entries per call; when it stops there, pass the returned continuation to go on.")]
    public async Task<EventSearchPage> SearchEvents(
        ClaimsPrincipal caller,
        [Description("Only events of this type, e.g. 'build.finished'.")] string? type = null,
        [Description("Only events received at or after this RFC 3339 time.")] string? from = null,
        [Description("Only events received at or before this RFC 3339 time.")] string? until = null,
        [Description("Only events whose JSON payload contains this text (case-insensitive, at most 256 characters).")] string? text = null,
        [Description("Most events to return, 1 to 100.")] int limit = 20,
        [Description("The continuation a previous call returned, with the same filters.")] string? continuation = null,
        CancellationToken cancellationToken = default)
    {
        var tenantId = McpCaller.TenantId(caller);
        var typeFilter = EventFilters.Type(type);
        var (fromTime, untilTime) = EventFilters.Range(from, until);
        var cursor = EventFilters.Cursor(continuation);
        QueryParameters.CheckLimit(limit, MaxLimit);
        if (text is { Length: 0 or > MaxTextLength })
        {
            throw new ProblemException(ProblemTypes.MalformedRequest, $"text must be 1 to {MaxTextLength} characters.");
        }

        var found = new List<EventView>(limit);
        var scanned = 0;
        while (true)
        {
            var pageSize = text is null ? limit - found.Count : Math.Min(ScanPage, MaxScanned - scanned);
            var (page, next) = await reader.ReadAsync(tenantId, typeFilter, fromTime, untilTime, cursor, pageSize, cancellationToken);
            for (var i = 0; i < page.Count; i++)
            {
                scanned++;
                cursor = page[i].Cursor;
                if (text is null || page[i].Payload.Contains(text, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(EventView.From(page[i]));
                }

                if (found.Count == limit)
                {
                    var more = next is not null || i < page.Count - 1;
                    return new EventSearchPage(found, more ? ContinuationToken.Encode(cursor) : null, scanned);
                }
            }

            if (next is null || scanned >= MaxScanned)
            {
                return new EventSearchPage(found, next is null ? null : ContinuationToken.Encode(cursor), scanned);
            }
        }
    }

    [McpServerTool(Name = "recent_events", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("The newest events in this tenant's log, optionally of one type.")]
    public async Task<RecentEvents> RecentEvents(
        ClaimsPrincipal caller,
        [Description("Most events to return, 1 to 100.")] int limit = 10,
        [Description("Only events of this type.")] string? type = null,
        CancellationToken cancellationToken = default)
    {
        QueryParameters.CheckLimit(limit, MaxLimit);
        var (page, _) = await reader.ReadAsync(McpCaller.TenantId(caller), EventFilters.Type(type), null, null, null, limit, cancellationToken);
        return new RecentEvents(page.Select(EventView.From).ToArray());
    }

    [McpServerTool(Name = "get_event", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("One event of this tenant's log by its id.")]
    public async Task<EventView> GetEvent(
        ClaimsPrincipal caller,
        [Description("The event's id, as returned when it was sent.")] string id,
        CancellationToken cancellationToken = default) =>
        EventView.From(await reader.GetAsync(McpCaller.TenantId(caller), id, cancellationToken));

    [McpServerTool(Name = "get_usage", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("This tenant's plan, its limits (events per minute, monthly quota), how many days its log keeps an event, and its usage this month.")]
    public async Task<UsageView> GetUsage(ClaimsPrincipal caller, CancellationToken cancellationToken = default)
    {
        var tenantId = McpCaller.TenantId(caller);
        var tenant = await tenants.GetAsync(tenantId, cancellationToken)
            ?? throw new ProblemException(ProblemTypes.TenantNotFound, $"Tenant {tenantId} no longer exists.");
        return await usage.ForAsync(tenant, cancellationToken);
    }
}

/// <summary>A page of search results; <see cref="Continuation"/> is null when the log has nothing more to examine.</summary>
public sealed record EventSearchPage(IReadOnlyList<EventView> Events, string? Continuation, int Scanned);

public sealed record RecentEvents(IReadOnlyList<EventView> Events);
