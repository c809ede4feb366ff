using Microsoft.EntityFrameworkCore;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.TimeLedger;

/// <summary>TimeLedger's data: offerings, rooms, teachers, schedule rules, holidays, exceptions.</summary>
public class TimeLedgerContext(DbContextOptions<TimeLedgerContext> options) : DbContext(options)
{
    /// <summary>Teachers.</summary>
    public DbSet<Teacher> Teachers => Set<Teacher>();

    /// <summary>Rooms.</summary>
    public DbSet<Room> Rooms => Set<Room>();

    /// <summary>Offerings.</summary>
    public DbSet<Offering> Offerings => Set<Offering>();

    /// <summary>Schedule rules.</summary>
    public DbSet<ScheduleRule> ScheduleRules => Set<ScheduleRule>();

    /// <summary>Holidays.</summary>
    public DbSet<Holiday> Holidays => Set<Holiday>();

    /// <summary>Schedule exceptions.</summary>
    public DbSet<ScheduleChange> ScheduleChanges => Set<ScheduleChange>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Teacher>().ToTable("teachers");
        modelBuilder.Entity<Room>().ToTable("rooms");
        modelBuilder.Entity<Offering>().ToTable("offerings");
        modelBuilder.Entity<Holiday>().ToTable("holidays").HasIndex(h => h.Date).IsUnique();
        modelBuilder.Entity<ScheduleChange>().ToTable("schedule_exceptions").HasIndex(e => new { e.RuleId, e.Date }).IsUnique();
        modelBuilder.Entity<ScheduleRule>(rule =>
        {
            rule.ToTable("schedule_rules");
            rule.HasIndex(r => new { r.OfferingId, r.EffectiveFrom });
        });
        SnakeCaseNames.Apply(modelBuilder);
    }
}
