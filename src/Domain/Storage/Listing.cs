namespace Sluice.Storage;

/// <summary>One page of a listing, with the token for the next page (null on the last).</summary>
public sealed record Listing<T>(IReadOnlyList<T> Items, string? Continuation);
