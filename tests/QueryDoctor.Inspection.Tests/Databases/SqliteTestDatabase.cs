using System.Data.Common;
using Microsoft.Data.Sqlite;
using QueryDoctor.Inspection;

namespace QueryDoctor.Inspection.Tests.Databases;

/// <summary>A SQLite database in a temporary file, deleted afterwards. Inspection opens it read-only.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qd-inspect-" + Guid.NewGuid().ToString("N") + ".db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    public override async Task<DbConnection> OpenWritableAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = ON";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    public override async Task<DbConnection> OpenForInspectionAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override string Series(int count) =>
        $"SELECT i FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count}) SELECT i FROM s)";

    public override Task AnalyzeAsync() => ExecuteAsync("ANALYZE");

    public override async ValueTask InitializeAsync()
    {
        await using var connection = await OpenWritableAsync();
    }

    public override ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return base.DisposeAsync();
    }
}
