namespace Sluice.Ingestion;

/// <summary>The 202 of <c>POST /api/events</c>: how many events were durably queued, and their ids in request order.</summary>
public sealed record EventsAccepted(int Accepted, IReadOnlyList<string> Ids);
