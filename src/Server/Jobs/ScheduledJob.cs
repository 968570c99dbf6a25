namespace Sluice.Server.Jobs;

/// <summary>Work that one instance at a time runs every <see cref="Interval"/>.</summary>
/// <param name="RunAsync">Called with the run id an admin asked for, or null on schedule.</param>
public sealed record ScheduledJob(string Name, TimeSpan Interval, Func<string?, CancellationToken, Task> RunAsync);
