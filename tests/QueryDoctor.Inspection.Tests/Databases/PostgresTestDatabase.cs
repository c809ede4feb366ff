using System.Data.Common;
using Npgsql;
using QueryDoctor.Inspection;
using QueryDoctor.TestSupport;

namespace QueryDoctor.Inspection.Tests.Databases;

/// <summary>A fresh database on the throwaway PostgreSQL cluster of this test process.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private string? _connectionString;

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string ConnectionString => _connectionString ?? throw new InvalidOperationException("not initialised");

    public override async Task<DbConnection> OpenWritableAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override Task<DbConnection> OpenForInspectionAsync() => OpenWritableAsync();

    public override string Series(int count) => $"SELECT i FROM generate_series(1, {count}) AS s(i)";

    public override Task AnalyzeAsync() => ExecuteAsync("VACUUM ANALYZE");

    public override async ValueTask InitializeAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        _connectionString = await cluster.CreateDatabaseAsync("inspect");
    }
}
