using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Sluice.Testing;

/// <summary>
/// Every host a test starts (a Server, a Functions host, the Durable Task test host's two) would watch its
/// configuration files for changes, with one inotify instance each. Linux allows 128 per user, which a parallel run
/// of hundreds of hosts reaches ("The configured user limit (128) on the number of inotify instances has been
/// reached"). No test changes those files while a host runs.
/// </summary>
internal static class NoConfigurationReload
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "This library is the test harness; it must act before any test builds a host.")]
    internal static void Apply() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
