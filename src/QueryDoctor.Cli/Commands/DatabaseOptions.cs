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

    public void AddTo(Command command)
    {
        command.Options.Add(Db);
        command.Options.Add(Provider);
    }

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
            throw new UsageException($"cannot connect to the {Name(provider)} database: {Describe(exception)}");
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
        }

        builder.Pooling = false;
        return new SqliteConnection(builder.ToString());
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
