using System.CommandLine;
using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using QueryDoctor.Inspection;

namespace QueryDoctor.Cli.Commands;

/// <summary>
/// <c>--db</c> and <c>--provider</c>: which database to inspect, opened read-only (a SQLite file in
/// read-only mode, never created; a PostgreSQL session whose transactions default to read-only).
/// </summary>
internal sealed class DatabaseOptions
{
    public static readonly string[] Providers = ["sqlite", "postgresql"];

    /// <summary>How long a SQLite read waits for a lock another process holds, unless told otherwise.</summary>
    public const int DefaultLockTimeoutSeconds = 5;

    public DatabaseOptions(bool required)
    {
        Db = new Option<string?>("--db")
        {
            Description = "The database to inspect: a SQLite file path or connection string ('Data Source=app.db'), " +
                          "or a PostgreSQL connection string ('Host=localhost;Database=app;Username=app'). Opened read-only.",
            HelpName = "connection",
            Required = required,
        };
        Provider.AcceptOnlyFromAmong(Providers);
    }

    public Option<string?> Db { get; }

    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "The database engine: sqlite or postgresql. Default: inferred from --db (a path or 'Data Source=' means SQLite).",
        HelpName = "provider",
    };

    public Option<int?> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = $"SQLite: seconds to wait for a lock another process holds before giving up (default {DefaultLockTimeoutSeconds}).",
        HelpName = "seconds",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Db);
        command.Options.Add(Provider);
        command.Options.Add(LockTimeout);
    }

    /// <summary>
    /// The <c>--db</c> value with <c>--lock-timeout</c> folded in (as SQLite's <c>Default Timeout</c>), or
    /// <see langword="null"/> when no <c>--db</c> was given.
    /// </summary>
    /// <exception cref="UsageException">A negative or too large timeout.</exception>
    public string? GetDb(ParseResult parse)
    {
        var db = parse.GetValue(Db);
        if (db is null || parse.GetValue(LockTimeout) is not { } seconds)
        {
            return db;
        }

        // Microsoft.Data.Sqlite reads 0 as "wait for ever": the least wait we offer is one second.
        if (seconds is < 1 or > 3600)
        {
            throw new UsageException($"--lock-timeout {seconds}: give whole seconds from 1 to 3600");
        }

        if (string.IsNullOrWhiteSpace(db) || Infer(db, parse.GetValue(Provider)) != DatabaseProvider.Sqlite)
        {
            return db;
        }

        var builder = Keys(db) is null ? new SqliteConnectionStringBuilder { DataSource = db } : TryBuilder(db);
        builder.DefaultTimeout = seconds;
        return builder.ToString();
    }

    private static SqliteConnectionStringBuilder TryBuilder(string connection)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connection);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new UsageException($"bad SQLite connection string: {FirstLine(exception.Message)}");
        }
    }

    /// <summary>Whether a database error means another process holds a lock (SQLite busy or locked).</summary>
    public static bool IsLocked(Exception exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <summary>Infers the provider from a connection string: a path or <c>Data Source=</c> means SQLite, <c>Host=</c> PostgreSQL.</summary>
    /// <exception cref="UsageException">The engine cannot be told.</exception>
    public static DatabaseProvider Infer(string connection, string? provider)
    {
        switch (provider)
        {
            case "sqlite":
                return DatabaseProvider.Sqlite;
            case "postgresql":
                return DatabaseProvider.PostgreSql;
            case not null:
                throw new UsageException($"unsupported provider '{provider}': use {string.Join(" or ", Providers)}");
        }

        if (connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.PostgreSql;
        }

        var keys = Keys(connection);
        if (keys is null || keys.Overlaps(["data source", "datasource", "filename"]))
        {
            return DatabaseProvider.Sqlite;
        }

        if (keys.Overlaps(["host", "server", "port", "username", "user id", "database"]))
        {
            return DatabaseProvider.PostgreSql;
        }

        throw new UsageException("cannot tell the database engine from --db; add --provider sqlite or --provider postgresql");
    }

    /// <summary>Opens the database read-only.</summary>
    /// <exception cref="UsageException">Bad connection string, missing SQLite file, unreachable server: one clear line.</exception>
    public static Task<DbConnection> OpenAsync(string connection, DatabaseProvider provider, CancellationToken cancellationToken) =>
        OpenAsync(connection, provider, writable: false, cancellationToken);

    /// <summary>
    /// Opens the database; <paramref name="writable"/> opens a SQLite file read-write (never created) for the
    /// advisor's what-if indexes, which live in a transaction that is always rolled back.
    /// </summary>
    /// <exception cref="UsageException">Bad connection string, missing SQLite file, unreachable server: one clear line.</exception>
    public static async Task<DbConnection> OpenAsync(string connection, DatabaseProvider provider, bool writable, CancellationToken cancellationToken)
    {
        DbConnection opened = provider == DatabaseProvider.Sqlite ? Sqlite(connection, writable) : Postgres(connection, readOnly: true);
        return await OpenAsync(opened, provider, cancellationToken);
    }

    /// <summary>
    /// Opens a PostgreSQL scratch copy (<c>--what-if-db</c>) read-write: the advisor builds, measures and drops real
    /// indexes there. Never used for the inspected database.
    /// </summary>
    /// <exception cref="UsageException">Bad connection string, unreachable server: one clear line.</exception>
    public static Task<DbConnection> OpenScratchAsync(string connection, CancellationToken cancellationToken) =>
        OpenAsync(Postgres(connection, readOnly: false), DatabaseProvider.PostgreSql, cancellationToken);

    private static async Task<DbConnection> OpenAsync(DbConnection opened, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        try
        {
            await opened.OpenAsync(cancellationToken);
            return opened;
        }
        catch (Exception exception) when (exception is DbException or TimeoutException or InvalidOperationException)
        {
            await opened.DisposeAsync();
            throw new UsageException($"cannot connect to the {Name(provider)} database: {Describe(exception)}{LockHint(exception, opened)}");
        }
    }

    /// <summary>One line for a database error, with the socket's reason when there is one.</summary>
    public static string Describe(Exception exception)
    {
        var message = FirstLine(exception.Message);
        var inner = exception.InnerException;
        while (inner is not null)
        {
            if (inner is SocketException or TimeoutException or IOException)
            {
                return message.TrimEnd('.') + ": " + FirstLine(inner.Message);
            }

            inner = inner.InnerException;
        }

        return message;
    }

    /// <summary>For a lock error, how long we waited and how to wait longer; otherwise empty.</summary>
    public static string LockHint(Exception exception, DbConnection connection) =>
        IsLocked(exception)
            ? $" (another process holds a lock; waited {new SqliteConnectionStringBuilder(connection.ConnectionString).DefaultTimeout} s, give --lock-timeout SECONDS to wait longer)"
            : "";

    public static string Name(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";

    private static SqliteConnection Sqlite(string connection, bool writable)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = Keys(connection) is null
                ? new SqliteConnectionStringBuilder { DataSource = connection }
                : new SqliteConnectionStringBuilder(connection);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new UsageException($"bad SQLite connection string: {FirstLine(exception.Message)}");
        }

        var memory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:";
        if (!memory)
        {
            if (Directory.Exists(builder.DataSource))
            {
                throw new UsageException($"cannot open SQLite database '{builder.DataSource}': it is a folder");
            }

            if (!File.Exists(builder.DataSource))
            {
                throw new UsageException($"cannot open SQLite database '{builder.DataSource}': no such file");
            }

            // Read-only: the file is never created, migrated or written. The advisor's connection may write
            // inside a transaction it always rolls back, but never creates the file either.
            builder.Mode = writable ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly;
            if (!writable && IsIdleWalDatabase(builder.DataSource))
            {
                // A WAL database nobody has open (no -wal, no -shm): opened normally, even read-only, SQLite
                // creates both files and cannot remove them when it closes, and it cannot open at all when the
                // folder is read-only. Nothing is pending in a WAL, so the file alone is the whole database:
                // read it as immutable, which takes no locks and writes nothing beside it.
                builder.DataSource = new Uri(Path.GetFullPath(builder.DataSource)).AbsoluteUri + "?immutable=1";
            }
        }

        if (!Keys(connection)?.Overlaps(["default timeout", "defaulttimeout", "command timeout", "commandtimeout"]) ?? true)
        {
            // Microsoft.Data.Sqlite waits 30 s per command for a lock by default; a doctor should answer sooner.
            builder.DefaultTimeout = DefaultLockTimeoutSeconds;
        }

        builder.Pooling = false;
        return new SqliteConnection(builder.ToString());
    }

    /// <summary>Whether the file is a WAL-mode SQLite database with no -wal or -shm file beside it (no one has it open).</summary>
    private static bool IsIdleWalDatabase(string path)
    {
        try
        {
            if (File.Exists(path + "-wal") || File.Exists(path + "-shm"))
            {
                return false;
            }

            // The header's file format read/write versions (bytes 18 and 19) are 2 in WAL mode.
            Span<byte> header = stackalloc byte[20];
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
                && header[..16].SequenceEqual("SQLite format 3\0"u8) && header[18] == 2 && header[19] == 2;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static NpgsqlConnection Postgres(string connection, bool readOnly)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new UsageException($"bad PostgreSQL connection string: {FirstLine(exception.Message)}");
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new UsageException("bad PostgreSQL connection string: no Host");
        }

        // Belt and braces: every transaction of this session is read-only unless it says otherwise.
        if (readOnly)
        {
            builder.Options = ((builder.Options ?? "") + " -c default_transaction_read_only=on").Trim();
        }

        builder.ApplicationName ??= "querydoctor";
        return new NpgsqlConnection(builder.ToString());
    }

    /// <summary>The keys of a <c>key=value;…</c> string, lower case; <see langword="null"/> when the text is not one (a path).</summary>
    private static HashSet<string>? Keys(string connection)
    {
        if (!connection.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in connection.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                keys.Add(part[..equals].Trim().ToLowerInvariant());
            }
        }

        return keys;
    }

    private static string FirstLine(string message) => AnalyzeCommand.FirstLine(message);
}
