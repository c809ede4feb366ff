using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace QueryDoctor.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1: initdb into a temporary folder, pg_ctl start on a
/// free port, stopped and removed when the test process exits. One cluster per test process;
/// each test class creates its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so when the tests run as root the server runs as the
/// <c>postgres</c> user through <c>runuser</c>. The cluster trusts local connections and runs
/// with fsync off: it holds nothing worth keeping.
/// </remarks>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(() => StartAsync(preloadPgStatStatements: false));
    private static readonly Lazy<Task<PostgresCluster>> WithStatements = new(() => StartAsync(preloadPgStatStatements: true));
    private static int databaseCounter;

    private readonly string root;
    private readonly string dataDirectory;
    private readonly string binDirectory;
    private readonly bool asPostgresUser;
    private readonly bool preloadPgStatStatements;

    private PostgresCluster(string root, string binDirectory, bool asPostgresUser, int port, bool preloadPgStatStatements)
    {
        this.root = root;
        this.preloadPgStatStatements = preloadPgStatStatements;
        this.binDirectory = binDirectory;
        this.asPostgresUser = asPostgresUser;
        dataDirectory = Path.Combine(root, "data");
        Port = port;
    }

    /// <summary>The TCP port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; }

    /// <summary>Connection string to the <c>postgres</c> maintenance database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Whether the HypoPG extension is installed on this machine.</summary>
    public bool HasHypoPg => File.Exists(Path.Combine(ShareDirectory, "extension", "hypopg.control"));

    private string ShareDirectory =>
        Path.Combine("/usr/share/postgresql", new DirectoryInfo(binDirectory).Parent!.Name);

    /// <summary>The process-wide cluster, started on first use.</summary>
    public static Task<PostgresCluster> GetAsync() => Shared.Value;

    /// <summary>
    /// A second process-wide cluster started with <c>shared_preload_libraries=pg_stat_statements</c> (tracking
    /// top-level statements, utility commands off), so a database of it can <c>CREATE EXTENSION pg_stat_statements</c>.
    /// The cluster of <see cref="GetAsync"/> does not preload it (a server without the library is tested too).
    /// </summary>
    public static Task<PostgresCluster> GetWithPgStatStatementsAsync() => WithStatements.Value;

    /// <summary>Whether this cluster preloads pg_stat_statements.</summary>
    public bool PreloadsPgStatStatements => preloadPgStatStatements;

    /// <summary>Connection string for a database of this cluster.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = false,
        Timeout = 30,
        CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{Sanitize(prefix)}_{Environment.ProcessId}_{Interlocked.Increment(ref databaseCounter)}");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    private static string Sanitize(string prefix)
    {
        var chars = prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray();
        return chars.Length == 0 ? "test" : new string(chars);
    }

    private static async Task<PostgresCluster> StartAsync(bool preloadPgStatStatements)
    {
        var bin = FindBinDirectory();
        var asPostgres = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("querydoctor-pg-").FullName;
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres", root]).ConfigureAwait(false);
        }

        var cluster = new PostgresCluster(root, bin, asPostgres, FreePort(), preloadPgStatStatements);
        try
        {
            await cluster.InitAndStartAsync().ConfigureAwait(false);
        }
        catch
        {
            cluster.Stop();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopDetached();
        return cluster;
    }

    private async Task InitAndStartAsync()
    {
        await RunServerToolAsync(
            "initdb",
            ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            .ConfigureAwait(false);
        var serverOptions = string.Create(
            CultureInfo.InvariantCulture,
            $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        if (preloadPgStatStatements)
        {
            serverOptions += " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top -c pg_stat_statements.track_utility=off";
        }

        await RunServerToolAsync(
            "pg_ctl",
            ["-D", dataDirectory, "-l", Path.Combine(root, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"])
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Stops and removes the cluster from a detached shell, without waiting: at process exit a synchronous stop
    /// (pg_ctl, then deleting one folder per test database, hundreds of megabytes) can take longer than xunit's
    /// ten-second allowance on a loaded machine, which then fails the run with "Foreground threads were left running".
    /// </summary>
    private void StopDetached()
    {
        try
        {
            var pgCtl = Quote(Path.Combine(binDirectory, "pg_ctl"));
            var stop = $"{pgCtl} -D {Quote(dataDirectory)} -m immediate -w stop";
            if (asPostgresUser)
            {
                stop = "runuser -u postgres -- " + stop;
            }

            var info = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"({stop}; rm -rf {Quote(root)}) </dev/null >/dev/null 2>&1 &");
            using var process = Process.Start(info);
            process?.WaitForExit(5000);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            Stop();
        }
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private void Stop()
    {
        try
        {
            if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
            {
                RunServerToolAsync("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
                    .GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException)
        {
            // Best effort: the folder is removed below either way.
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private Task RunServerToolAsync(string tool, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(binDirectory, tool);
        return asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
            : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }

    private static string FindBinDirectory()
    {
        const string Root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d == Path.Combine(Root, "15", "bin"))
                .ThenByDescending(d => d, StringComparer.Ordinal)
                .ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install the 'postgresql' package (.ci/run does).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
