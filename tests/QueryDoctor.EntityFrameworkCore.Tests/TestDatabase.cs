using System.Data.Common;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests;

/// <summary>A seeded database the capture tests run against; one subclass per provider.</summary>
public abstract class TestDatabase : IDisposable
{
    public const int Calendars = 5;
    public const int MembersPerCalendar = 4;

    /// <summary>The <c>db</c> value events carry: <c>sqlite</c> or <c>postgresql</c>.</summary>
    public abstract string Kind { get; }

    public abstract CalendarContext Context(QueryCapture capture, bool lazy = false);

    /// <summary>A context on the same database without QueryDoctor.</summary>
    public abstract CalendarContext PlainContext();

    public abstract DbConnection OpenConnection();

    /// <summary>An unopened connection: Dapper opens it itself.</summary>
    public abstract DbConnection NewConnection();

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

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
