using Azure;

namespace Sluice.Tenants;

/// <summary>A value as read from storage, with the ETag that a conditional write must present.</summary>
public sealed record Stored<T>(T Value, ETag ETag);
