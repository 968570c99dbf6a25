namespace Sluice.Server.Tests;

/// <summary>
/// Tests that measure the whole process (its managed heap, the reaper's timing) run in this collection, which xUnit
/// runs by itself once the parallel ones are done, so that other tests' work does not show up in their figures.
/// </summary>
[CollectionDefinition(nameof(Alone), DisableParallelization = true)]
public sealed class Alone;
