using Microsoft.Data.Sqlite;
using Npgsql;
using QueryDoctor.TestSupport;

namespace QueryDoctor.Cli.Tests.Database;

/// <summary>Real databases for the CLI tests: a SQLite file or a PostgreSQL database holding a small schema with known problems.</summary>
internal static class DatabaseFiles
{
    /// <summary>
    /// orders (2,000 rows) has an unindexed FK and an unindexed note column; ix_orders_status is redundant to
    /// ix_orders_status_created; audit_log has no primary key; memberships is protected by a unique index, likes is not.
    /// </summary>
    public const string Schema = """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id), status INTEGER NOT NULL, created INTEGER NOT NULL, note TEXT);
        CREATE INDEX ix_orders_status ON orders (status);
        CREATE INDEX ix_orders_status_created ON orders (status, created);
        CREATE TABLE audit_log (at INTEGER NOT NULL, message TEXT);
        CREATE TABLE memberships (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL, user_id INTEGER NOT NULL);
        CREATE UNIQUE INDEX ux_memberships_team_user ON memberships (team_id, user_id);
        CREATE TABLE likes (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL, user_id INTEGER NOT NULL);
        """;

    public static string Sqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), "qd-cli-" + Guid.NewGuid().ToString("N") + ".db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, Schema);
        Execute(connection, "INSERT INTO orders (id, status, created, note) SELECT i, i % 5, i, 'n' || i FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) SELECT i FROM s)");
        return path;
    }

    public static async Task<string> PostgresAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("cli_doctor");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Execute(connection, Schema);
        Execute(connection, "INSERT INTO orders (id, status, created, note) SELECT i, i % 5, i, 'n' || i FROM generate_series(1, 2000) AS s(i)");
        Execute(connection, "ANALYZE");
        return connectionString;
    }

    private static void Execute(System.Data.Common.DbConnection connection, string script)
    {
        foreach (var statement in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
    }
}
