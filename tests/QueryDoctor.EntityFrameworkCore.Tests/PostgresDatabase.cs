using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using QueryDoctor.Capture;
using QueryDoctor.TestSupport;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>The same seeded database in a fresh PostgreSQL database of the throwaway test cluster (no pooling: real opens).</summary>
public sealed class PostgresDatabase : TestDatabase
{
    private PostgresDatabase(string connectionString)
    {
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public override string Kind => "postgresql";

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        var database = new PostgresDatabase(await cluster.CreateDatabaseAsync("capture"));
        await using var context = new CalendarContext(new DbContextOptionsBuilder<CalendarContext>().UseNpgsql(database.ConnectionString).Options);
        await context.Database.EnsureCreatedAsync();
        Seed(context);
        return database;
    }

    public override DbConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override DbConnection NewConnection() => new NpgsqlConnection(ConnectionString);

    public override CalendarContext PlainContext() => new(new DbContextOptionsBuilder<CalendarContext>().UseNpgsql(ConnectionString).Options);

    public override CalendarContext Context(QueryCapture capture, bool lazy = false)
    {
        var builder = new DbContextOptionsBuilder<CalendarContext>().UseNpgsql(ConnectionString).UseQueryDoctor(capture);
        if (lazy)
        {
            builder.UseLazyLoadingProxies();
        }

        return new CalendarContext(builder.Options);
    }
}
