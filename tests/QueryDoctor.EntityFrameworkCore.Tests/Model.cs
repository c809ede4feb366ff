using Microsoft.EntityFrameworkCore;

namespace QueryDoctor.EntityFrameworkCore.Tests;

public class Calendar
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public virtual List<Member> Members { get; set; } = [];

    public virtual List<CalendarEvent> Events { get; set; } = [];
}

public class Member
{
    public int Id { get; set; }

    public int CalendarId { get; set; }

    public virtual Calendar? Calendar { get; set; }

    public string Name { get; set; } = "";

    public virtual List<Vote> Votes { get; set; } = [];
}

public class Vote
{
    public int Id { get; set; }

    public int MemberId { get; set; }

    public int Value { get; set; }
}

public class CalendarEvent
{
    public int Id { get; set; }

    public int CalendarId { get; set; }

    public string Title { get; set; } = "";
}

public sealed class CalendarContext(DbContextOptions<CalendarContext> options) : DbContext(options)
{
    public DbSet<Calendar> Calendars => Set<Calendar>();

    public DbSet<Member> Members => Set<Member>();

    public DbSet<Vote> Votes => Set<Vote>();

    public DbSet<CalendarEvent> Events => Set<CalendarEvent>();
}
