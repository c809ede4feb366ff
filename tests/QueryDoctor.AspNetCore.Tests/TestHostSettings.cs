using System.Runtime.CompilerServices;

namespace QueryDoctor.AspNetCore.Tests;

/// <summary>Process-wide settings for the many hosts these tests start.</summary>
internal static class TestHostSettings
{
    /// <summary>
    /// No configuration file watchers: every host would otherwise hold an inotify instance for appsettings.json,
    /// and Linux allows 128 per user, shared with every other test process running at the same time.
    /// </summary>
    [ModuleInitializer]
    internal static void NoConfigurationReload() =>
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
