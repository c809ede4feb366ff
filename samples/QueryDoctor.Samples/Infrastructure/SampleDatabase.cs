using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EntityFrameworkCore;
using QueryDoctor.Rules;

namespace QueryDoctor.Samples.Infrastructure;

/// <summary>
/// Where one sample system keeps its data: an SQLite file of its own, or a schema of its own in a
/// PostgreSQL database. Creates the tables from the EF Core model, runs raw SQL (seeding, indexes,
/// plans), and builds context options with lazy-loading proxies and QueryDoctor's live capture
/// (<c>UseQueryDoctor(capture)</c>): every context of the database reports to one <see cref="QueryCapture"/>.
/// </summary>
public sealed class SampleDatabase : IDisposable
{
    private readonly string? _sqliteFile;

    private SampleDatabase(string system, bool isPostgres, string connectionString, string? sqliteFile)
    {
        System = system;
        IsPostgres = isPostgres;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        Capture = new QueryCapture(new QueryDoctorOptions
        {
            // The demo's planned queries and the tests read the recorded values back (EXPLAIN with the real parameters).
            IncludeParameterValues = true,

            // The demo's findings must be the same on every machine and every run, and must match what `analyze` says
            // of the recorded statements. So two rules are off: slow-scope (the scope's wall time is what the demo
            // measures and reports; on a busy machine it would add or drop a finding from run to run), and the
            // live-only cartesian-explosion, which would flag DateTree's optimised overview: it loads the members and
            // the first few events in one query on purpose (at most members x eventCount rows, cheaper there than a
            // third round trip).
            Detection = DeterministicRules(),

            // Findings are read from the scope reports; nothing is logged (the demo's output may be JSON).
            Logger = NullLogger.Instance,
        });
    }

    /// <summary>The default detection settings without slow-scope and the live-only cartesian-explosion.</summary>
    private static DetectionOptions DeterministicRules()
    {
        var detection = new DetectionOptions();
        detection.DisabledRules.Add(RuleIds.SlowScope);
        detection.DisabledRules.Add("cartesian-explosion");
        return detection;
    }

    /// <summary>The system's name (<c>timeledger</c>, <c>datetree</c>, <c>studio</c>).</summary>
    public string System { get; }

    /// <summary>Whether the data lives in PostgreSQL (else SQLite).</summary>
    public bool IsPostgres { get; }

    /// <summary>The provider's connection string for this system.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// The live capture every context of this database reports to. Commands are recorded into the current
    /// <see cref="QueryDoctorScope"/>; when the scope ends its <see cref="QueryDoctorScope.Reports"/> hold what was found.
    /// </summary>
    public QueryCapture Capture { get; }

    /// <summary>
    /// Opens the system's database: a fresh SQLite file under <paramref name="folder"/>, or, with a
    /// PostgreSQL connection string, a fresh schema <c>qd_demo_{system}</c> (dropped and recreated).
    /// </summary>
    public static SampleDatabase Open(string system, string folder, string? postgresConnectionString)
    {
        if (postgresConnectionString is null)
        {
            var file = Path.Combine(folder, system + ".db");
            DeleteSqlite(file);
            var sqlite = new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString;
            return new SampleDatabase(system, false, sqlite, file);
        }

        var schema = "qd_demo_" + system;
        var builder = new NpgsqlConnectionStringBuilder(postgresConnectionString) { SearchPath = schema };
        var database = new SampleDatabase(system, true, builder.ConnectionString, null);
        database.Execute($"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        return database;
    }

    /// <summary>Checks that a PostgreSQL connection string is well formed and that the server answers.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <exception cref="Demo.DemoDatabaseException">It is malformed, or the server cannot be reached.</exception>
    public static void CheckPostgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new Demo.DemoDatabaseException($"not a PostgreSQL connection string: {exception.Message}", exception);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new Demo.DemoDatabaseException("not a PostgreSQL connection string: it names no Host (the demo's --db is PostgreSQL only; SQLite is the default)");
        }

        try
        {
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            throw new Demo.DemoDatabaseException($"cannot connect to PostgreSQL at {builder.Host}:{builder.Port}: {exception.Message}", exception);
        }
    }

    /// <summary>Options for a context of this database: the provider, lazy-loading proxies, the live capture.</summary>
    public DbContextOptions<TContext> Options<TContext>()
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        if (IsPostgres)
        {
            builder.UseNpgsql(ConnectionString);
        }
        else
        {
            builder.UseSqlite(ConnectionString);
        }

        builder.UseLazyLoadingProxies().UseQueryDoctor(Capture);
        if (!IsPostgres)
        {
            builder.AddInterceptors(SqliteSettings.Instance);
        }

        return builder.Options;
    }

    /// <summary>Creates the model's tables (with every index the model declares).</summary>
    public void CreateTables(DbContext context)
    {
        var creator = context.GetService<IRelationalDatabaseCreator>();
        if (!IsPostgres)
        {
            creator.Create();

            // WAL with synchronous=NORMAL (set per connection by SqliteSettings): the usual production setting;
            // without it every SaveChanges waits for a disk flush and the row-by-row versions measure the disk.
            Execute("PRAGMA journal_mode=WAL");
        }

        creator.CreateTables();
    }

    /// <summary>Runs statements without results.</summary>
    public void Execute(string sql)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// SQLite: the secondary indexes that do not enforce uniqueness, as (name, DDL): the ones the team added
    /// for speed (EF Core's foreign-key indexes included). Used to strip them for the index advisor's evidence.
    /// </summary>
    public IReadOnlyList<(string Name, string Sql)> SpeedIndexes()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var indexes = new List<(string, string)>();
        while (reader.Read())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    /// <summary>Refreshes the planner's statistics.</summary>
    public void Analyze() => Execute("ANALYZE");

    /// <summary>Opens a plain ADO.NET connection (not recorded).</summary>
    public DbConnection OpenConnection()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The plan of a statement as text: SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's EXPLAIN lines.</summary>
    public string Explain(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = (IsPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql;
        AddParameters(command, parameters);
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(IsPostgres ? reader.GetString(0).Trim() : reader.GetString(3));
        }

        return string.Join("; ", lines);
    }

    /// <summary>Times a statement: the median of several executions, in milliseconds, reading every row.</summary>
    public double Time(string sql, int runs, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameters(command, parameters);
        var times = new double[runs];
        for (var i = -1; i < runs; i++)
        {
            var start = global::System.Diagnostics.Stopwatch.GetTimestamp();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                }
            }

            if (i >= 0)
            {
                times[i] = global::System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    /// <summary>
    /// Inserts rows with multi-row INSERT statements inside one transaction (fast on both providers),
    /// then, on PostgreSQL, moves the table's identity sequence past the inserted ids.
    /// </summary>
    public void BulkInsert(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        const int MaxParameters = 2000;
        var perStatement = Math.Max(1, MaxParameters / columns.Length);
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        var batch = new List<object?[]>(perStatement);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == perStatement)
            {
                InsertBatch(connection, transaction, table, columns, batch);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            InsertBatch(connection, transaction, table, columns, batch);
        }

        transaction.Commit();
        if (IsPostgres && columns.Contains("id"))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Drops the PostgreSQL schema, or deletes the SQLite file, and disposes the capture.</summary>
    public void Dispose()
    {
        Capture.Dispose();
        if (_sqliteFile is not null)
        {
            DeleteSqlite(_sqliteFile);
        }
        else
        {
            Execute($"DROP SCHEMA IF EXISTS qd_demo_{System} CASCADE");
        }
    }

    private static void InsertBatch(DbConnection connection, DbTransaction transaction, string table, string[] columns, List<object?[]> rows)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new global::System.Text.StringBuilder();
        sql.Append("INSERT INTO ").Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES ");
        var n = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = "@p" + n.ToString(CultureInfo.InvariantCulture);
                n++;
                sql.Append(c == 0 ? "" : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = rows[r][c] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        command.ExecuteNonQuery();
    }

    private static void AddParameters(DbCommand command, (string Name, object Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }

    private static void DeleteSqlite(string file)
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-journal", file + "-wal", file + "-shm" })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
