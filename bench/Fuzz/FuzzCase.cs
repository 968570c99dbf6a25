namespace Sluice.Bench.Fuzz;

/// <summary>
/// One generated bad request: over HttpClient (<see cref="Request"/>) or as raw bytes on a socket (<see cref="Raw"/>,
/// for what HttpClient refuses to send). <see cref="MustReject"/>: the input is invalid, so a 2xx is a finding;
/// otherwise (reads of someone else's data, tool calls) a 2xx is fine as long as it reveals nothing.
/// </summary>
public sealed record FuzzCase(string Family, bool MustReject, Func<HttpRequestMessage>? Request = null, Func<byte[]>? Raw = null);
