using Npgsql;
using QueryDoctor.TestSupport;

namespace QueryDoctor.Cli.Tests.Database;

/// <summary>
/// A database on the cluster that preloads pg_stat_statements, with HypoPG, 5,000 articles and 20,000 favourites, and
/// a real workload run through Npgsql with real parameters (five SELECT shapes, many values each), then a read-only
/// role that holds only <c>pg_read_all_stats</c> and <c>pg_read_all_data</c>.
/// </summary>
public sealed class StatementsWorkloadDatabase : IAsyncLifetime
{
    public const string ReaderRole = "qd_reader";

    /// <summary>The five statements the app ran, as sent (PostgreSQL positional parameters).</summary>
    public static readonly string[] Statements =
    [
        """SELECT a.id, a.title FROM articles AS a ORDER BY a.created_at DESC LIMIT $1""",
        """SELECT a.id, a.title FROM articles AS a WHERE a.author_id = $1 ORDER BY a.created_at DESC LIMIT $2""",
        """SELECT count(*) FROM articles AS a WHERE a.author_id = $1""",
        """SELECT EXISTS (SELECT 1 FROM favorites AS f WHERE f.article_id = $1 AND f.user_id = $2)""",
        """SELECT count(*) FROM favorites AS f WHERE f.article_id = $1""",
    ];

    public PostgresCluster Cluster { get; private set; } = null!;

    public string Name { get; private set; } = "";

    /// <summary>Connection string of the owner (superuser) for set-up and checks.</summary>
    public string OwnerConnectionString { get; private set; } = "";

    /// <summary>Connection string of the read-only monitoring role.</summary>
    public string ReaderConnectionString => new NpgsqlConnectionStringBuilder(OwnerConnectionString) { Username = ReaderRole }.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        Cluster = await PostgresCluster.GetWithPgStatStatementsAsync();
        OwnerConnectionString = await Cluster.CreateDatabaseAsync("pgss");
        Name = new NpgsqlConnectionStringBuilder(OwnerConnectionString).Database!;
        await using var connection = new NpgsqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            CREATE EXTENSION pg_stat_statements;
            CREATE EXTENSION hypopg;
            CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE articles (id int PRIMARY KEY, author_id int NOT NULL REFERENCES users (id), title text NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE favorites (id int PRIMARY KEY, article_id int NOT NULL REFERENCES articles (id), user_id int NOT NULL REFERENCES users (id));
            INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 500) g;
            INSERT INTO articles SELECT g, 1 + g % 500, 'title ' || g, timestamptz '2026-01-01' + ((g * 7919) % 5000) * interval '1 hour' FROM generate_series(1, 5000) g;
            INSERT INTO favorites SELECT g, 1 + (g * 7) % 5000, 1 + g % 500 FROM generate_series(1, 20000) g;
            ANALYZE;
            """);
        await ExecuteAsync(connection, $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ReaderRole}') THEN
                CREATE ROLE {ReaderRole} LOGIN;
                GRANT pg_read_all_stats, pg_read_all_data TO {ReaderRole};
              END IF;
            END $$;
            SELECT pg_stat_statements_reset();
            """);

        // The application's workload, with real parameters: many calls, many values.
        for (var i = 0; i < 30; i++)
        {
            await RunAsync(connection, Statements[0], 20);
            await RunAsync(connection, Statements[1], 1 + (i * 13 % 500), 10);
            await RunAsync(connection, Statements[2], 1 + (i * 17 % 500));
            await RunAsync(connection, Statements[3], 1 + (i * 101 % 5000), 1 + (i % 500));
            await RunAsync(connection, Statements[4], 1 + (i * 37 % 5000));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The catalog as a string (every relation, index and constraint), to prove nothing changed.</summary>
    public async Task<string> CatalogAsync()
    {
        await using var connection = new NpgsqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pg_index)::text || '|' ||
                   (SELECT string_agg(c.oid::text || ':' || c.relname || ':' || c.relkind::text, ',' ORDER BY c.oid) FROM pg_class c) || '|' ||
                   (SELECT coalesce(string_agg(conname, ',' ORDER BY oid), '') FROM pg_constraint)
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task RunAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }
}
