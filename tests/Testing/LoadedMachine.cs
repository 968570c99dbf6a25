using System.Globalization;

namespace Sluice.Testing;

/// <summary>
/// How long tests wait for things that take longer on a busy machine (CI shares two cores with whatever else runs):
/// a process starting, a backlog draining. Sized for a loaded machine, not for production; a slow machine can raise
/// it with <c>SLUICE_TEST_PATIENCE_SECONDS</c>. A test that waits this long has failed, so generous costs nothing.
/// </summary>
public static class LoadedMachine
{
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("SLUICE_TEST_PATIENCE_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 180);
}
