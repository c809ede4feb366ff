using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>
/// A seeded SQLite database in a temporary file (5 calendars, 4 members and 2 events each, 2 votes per member).
/// A file, not :memory:, so that parallel tasks can each use their own connection.
/// </summary>
public sealed class SqliteDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "qd-ef-" + Guid.NewGuid().ToString("N") + ".db");

    public SqliteDatabase()
    {
        ConnectionString = "Data Source=" + _path;
        using var context = new CalendarContext(new DbContextOptionsBuilder<CalendarContext>().UseSqlite(ConnectionString).Options);
        context.Database.EnsureCreated();
        Seed(context);
    }

    public string ConnectionString { get; }

    public override string Kind => "sqlite";

    public override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override DbConnection NewConnection() => new SqliteConnection(ConnectionString);

    public override CalendarContext PlainContext() => new(new DbContextOptionsBuilder<CalendarContext>().UseSqlite(ConnectionString).Options);

    public override CalendarContext Context(QueryCapture capture, bool lazy = false)
    {
        var builder = new DbContextOptionsBuilder<CalendarContext>().UseSqlite(ConnectionString).UseQueryDoctor(capture);
        if (lazy)
        {
            builder.UseLazyLoadingProxies();
        }

        return new CalendarContext(builder.Options);
    }

    protected override void Dispose(bool disposing)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            File.Delete(_path);
        }
        catch (IOException)
        {
            // A file still held by a pooled handle stays in the temp folder.
        }

        base.Dispose(disposing);
    }
}
