namespace Sluice.Http;

/// <summary>A listing that is not paged: the newest <c>limit</c> items.</summary>
public sealed record ItemList<T>(IReadOnlyList<T> Items);
