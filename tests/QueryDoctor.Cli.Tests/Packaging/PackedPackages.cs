using System.Diagnostics;

namespace QueryDoctor.Cli.Tests.Packaging;

/// <summary>
/// Packs every shipped package once (<c>dotnet pack</c>, the configuration these tests were built in, so the
/// projects are already up to date) into a temporary folder, and installs the tool from it with
/// <c>dotnet tool install --tool-path … --add-source …</c>, the way a user would.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>Every package the repository ships, by project (package id = project name).</summary>
    public static readonly string[] Shipped =
        ["QueryDoctor", "QueryDoctor.EntityFrameworkCore", "QueryDoctor.AspNetCore", "QueryDoctor.Testing", "QueryDoctor.Cli"];

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _root = Path.Combine(Path.GetTempPath(), "qd-pack-" + Guid.NewGuid().ToString("N"));

    /// <summary>The folder the packages were packed into.</summary>
    public string PackageFolder => Path.Combine(_root, "packages");

    /// <summary>The folder the tool was installed into.</summary>
    public string ToolFolder => Path.Combine(_root, "tool");

    /// <summary>The installed <c>querydoctor</c> executable.</summary>
    public string ToolExecutable => Path.Combine(ToolFolder, OperatingSystem.IsWindows() ? "querydoctor.exe" : "querydoctor");

    /// <summary>How long packing all packages took.</summary>
    public TimeSpan PackTime { get; private set; }

    /// <summary>How long installing the tool took.</summary>
    public TimeSpan InstallTime { get; private set; }

    /// <summary>The output of <c>dotnet tool install</c>.</summary>
    public string InstallOutput { get; private set; } = "";

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "QueryDoctor.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("QueryDoctor.slnx not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(PackageFolder);
        var root = RepositoryRoot();
        var clock = Stopwatch.StartNew();
        foreach (var project in Shipped)
        {
            var path = Path.Combine(root, "src", project, project + ".csproj");
            // No build servers or reused MSBuild nodes: nothing may outlive the command and the test run.
            await RunChecked(
                "dotnet",
                ["pack", path, "-c", Configuration, "-o", PackageFolder, "--nologo", "-v", "q", "--disable-build-servers", "-nodeReuse:false"],
                root,
                ("MSBUILDDISABLENODEREUSE", "1"),
                ("DOTNET_CLI_USE_MSBUILD_SERVER", "0"),
                ("UseSharedCompilation", "false"));
        }

        PackTime = clock.Elapsed;

        // Only the packed folder is a source, and a fresh package cache: what is installed is what was just packed.
        var config = Path.Combine(_root, "nuget.config");
        await File.WriteAllTextAsync(config,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
        clock.Restart();
        InstallOutput = await RunChecked(
            "dotnet",
            ["tool", "install", "QueryDoctor.Cli", "--tool-path", ToolFolder, "--add-source", PackageFolder, "--configfile", config],
            _root,
            ("NUGET_PACKAGES", Path.Combine(_root, "nuget-cache")));
        InstallTime = clock.Elapsed;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a process to its end; returns standard output and error.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> Run(
        string file, IEnumerable<string> arguments, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Not the test run's own MSBuild/test-host settings: a plain command line, as a user types it.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static async Task<string> RunChecked(
        string file, IEnumerable<string> arguments, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var list = arguments.ToList();
        var (code, output, error) = await Run(file, list, workingDirectory, environment);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', list)} exited {code}:\n{output}\n{error}");
        }

        return output + error;
    }
}
