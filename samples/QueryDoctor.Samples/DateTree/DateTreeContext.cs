using Microsoft.EntityFrameworkCore;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.DateTree;

/// <summary>
/// DateTree's data with the indexes the team ended with: votes(list_item_id) for counting, a unique
/// (user_id, list_item_id) so a user votes once, and events(calendar_id, start_time) for time ranges.
/// </summary>
public class DateTreeContext(DbContextOptions<DateTreeContext> options) : DbContext(options)
{
    /// <summary>Users.</summary>
    public DbSet<User> Users => Set<User>();

    /// <summary>Calendars.</summary>
    public DbSet<Calendar> Calendars => Set<Calendar>();

    /// <summary>Calendar memberships.</summary>
    public DbSet<CalendarMember> CalendarMembers => Set<CalendarMember>();

    /// <summary>Lists.</summary>
    public DbSet<CalendarList> Lists => Set<CalendarList>();

    /// <summary>List items.</summary>
    public DbSet<ListItem> ListItems => Set<ListItem>();

    /// <summary>Votes.</summary>
    public DbSet<Vote> Votes => Set<Vote>();

    /// <summary>Events.</summary>
    public DbSet<CalendarEvent> Events => Set<CalendarEvent>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>().ToTable("users");
        modelBuilder.Entity<Calendar>(calendar =>
        {
            calendar.ToTable("calendars");
            calendar.HasOne(c => c.Owner).WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<CalendarMember>(member =>
        {
            member.ToTable("calendar_members");
            member.HasIndex(m => new { m.CalendarId, m.UserId }).IsUnique();
        });
        modelBuilder.Entity<CalendarList>().ToTable("lists");
        modelBuilder.Entity<ListItem>().ToTable("list_items");
        modelBuilder.Entity<Vote>(vote =>
        {
            vote.ToTable("votes");
            vote.HasIndex(v => new { v.UserId, v.ListItemId }).IsUnique();
            vote.HasIndex(v => v.ListItemId);
        });
        modelBuilder.Entity<CalendarEvent>(calendarEvent =>
        {
            calendarEvent.ToTable("events");
            calendarEvent.HasIndex(e => new { e.CalendarId, e.StartTime });
        });
        SnakeCaseNames.Apply(modelBuilder);
    }
}
