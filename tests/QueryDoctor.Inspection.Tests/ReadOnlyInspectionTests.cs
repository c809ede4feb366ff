using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;
using QueryDoctor.Inspection.Tests.Databases;
using Shouldly;

namespace QueryDoctor.Inspection.Tests;

/// <summary>Inspection never writes: reading the schema and explaining statements leave the database as it was.</summary>
public sealed class ReadOnlyInspectionTests
{
    private static readonly string[] Statements =
    [
        "SELECT * FROM orders WHERE customer_id = @c ORDER BY created",
        "DELETE FROM orders WHERE status = @s",
        "UPDATE orders SET note = 'x' WHERE id = @id",
        "INSERT INTO audit_log (at, message) VALUES (@at, @message)",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SqliteInspection_ReadOnlyOrWritableConnection_LeavesTheFileByteIdentical(bool readOnly)
    {
        await using var database = new SqliteTestDatabase();
        await database.InitializeAsync();
        await database.ExecuteAsync(TrapSchema.Ddl);
        await database.ExecuteAsync("INSERT INTO customers (id, name, region) VALUES (1, 'one', 1)");
        await database.ExecuteAsync($"INSERT INTO orders (id, customer_id, status, created) SELECT i, 1, i % 3, i FROM ({database.Series(2000)}) q");
        var before = await File.ReadAllBytesAsync(database.Path, TestContext.Current.CancellationToken);
        var modified = File.GetLastWriteTimeUtc(database.Path);

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = database.Path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            var inspector = DatabaseInspector.For(connection, DatabaseProvider.Sqlite);
            var schema = await inspector.ReadSchemaAsync(TestContext.Current.CancellationToken);
            schema.FindTable("orders").ShouldNotBeNull().RowCount.ShouldBe(2000);
            new SchemaDoctor().Examine(schema).ShouldNotBeEmpty();
            foreach (var statement in Statements)
            {
                (await inspector.ExplainAsync(statement, cancellationToken: TestContext.Current.CancellationToken)).Provider.ShouldBe(DatabaseProvider.Sqlite);
            }
        }

        SHA256.HashData(await File.ReadAllBytesAsync(database.Path, TestContext.Current.CancellationToken)).ShouldBe(SHA256.HashData(before));
        File.GetLastWriteTimeUtc(database.Path).ShouldBe(modified);
        File.Exists(database.Path + "-journal").ShouldBeFalse();
        File.Exists(database.Path + "-wal").ShouldBeFalse();
    }

    [Fact]
    public async Task PostgresInspection_SchemaAndExplains_LeaveCatalogAndRowsUnchanged()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        await database.ExecuteAsync(TrapSchema.Ddl);
        await database.ExecuteAsync("INSERT INTO customers (id, name, region) VALUES (1, 'one', 1)");
        await database.ExecuteAsync($"INSERT INTO orders (id, customer_id, status, created) SELECT i, 1, i % 3, i FROM ({database.Series(2000)}) q");
        var before = await SnapshotAsync(database.ConnectionString);

        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            var inspector = DatabaseInspector.For(connection, DatabaseProvider.PostgreSql);
            new SchemaDoctor().Examine(await inspector.ReadSchemaAsync(TestContext.Current.CancellationToken)).ShouldNotBeEmpty();
            foreach (var statement in Statements)
            {
                (await inspector.ExplainAsync(statement, cancellationToken: TestContext.Current.CancellationToken)).Text.ShouldNotBeEmpty();
            }

            // The connection is left usable and outside any transaction.
            await using var probe = new NpgsqlCommand("SHOW transaction_read_only", connection);
            ((string)(await probe.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBe("off");
            await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        (await SnapshotAsync(database.ConnectionString)).ShouldBe(before);
    }

    /// <summary>Every user relation, index, constraint and column, plus the rows of the written-to tables.</summary>
    private static async Task<string> SnapshotAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT string_agg(x, E'\n' ORDER BY x) FROM (
              SELECT 'rel ' || c.oid || ' ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              UNION ALL SELECT 'idx ' || indexrelid || ' ' || indrelid || ' ' || indkey::text || ' ' || indisunique FROM pg_index WHERE indrelid >= 16384
              UNION ALL SELECT 'con ' || oid || ' ' || conname || ' ' || contype::text FROM pg_constraint WHERE connamespace = 'public'::regnamespace
              UNION ALL SELECT 'att ' || attrelid || ' ' || attname || ' ' || atttypid FROM pg_attribute WHERE attrelid >= 16384 AND attnum > 0
              UNION ALL SELECT 'ext ' || extname FROM pg_extension
              UNION ALL SELECT 'rows ' || (SELECT count(*) || ' ' || coalesce(sum(id), 0) || ' ' || count(note) FROM orders)
              UNION ALL SELECT 'audit ' || (SELECT count(*) FROM audit_log)
            ) s(x)
            """,
            connection);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
