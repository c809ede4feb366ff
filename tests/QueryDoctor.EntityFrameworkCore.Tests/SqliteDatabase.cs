using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>
/// A seeded SQLite database in a temporary file (5 calendars, 4 members and 2 events each, 2 votes per member).
/// A file, not :memory:, so that parallel tasks can each use their own connection.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    public const int Calendars = 5;
    public const int MembersPerCalendar = 4;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "qd-ef-" + Guid.NewGuid().ToString("N") + ".db");

    public SqliteDatabase()
    {
        ConnectionString = "Data Source=" + _path;
        using var context = new CalendarContext(new DbContextOptionsBuilder<CalendarContext>().UseSqlite(ConnectionString).Options);
        context.Database.EnsureCreated();
        Seed(context);
    }

    public string ConnectionString { get; }

    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public static void Seed(CalendarContext context)
    {
        for (var c = 1; c <= Calendars; c++)
        {
            var calendar = new Calendar { Name = "calendar " + c };
            for (var m = 1; m <= MembersPerCalendar; m++)
            {
                calendar.Members.Add(new Member { Name = $"member {c}.{m}", Votes = [new Vote { Value = 1 }, new Vote { Value = 2 }] });
            }

            calendar.Events.Add(new CalendarEvent { Title = "a" });
            calendar.Events.Add(new CalendarEvent { Title = "b" });
            context.Calendars.Add(calendar);
        }

        context.SaveChanges();
    }

    public CalendarContext Context(QueryCapture capture, bool lazy = false)
    {
        var builder = new DbContextOptionsBuilder<CalendarContext>().UseSqlite(ConnectionString).UseQueryDoctor(capture);
        if (lazy)
        {
            builder.UseLazyLoadingProxies();
        }

        return new CalendarContext(builder.Options);
    }

    public void Dispose()
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
    }
}
