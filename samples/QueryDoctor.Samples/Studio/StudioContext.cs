using Microsoft.EntityFrameworkCore;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Studio;

/// <summary>Studio's data: projects (listed by last change, cleaned up by status and age) and their assets.</summary>
public class StudioContext(DbContextOptions<StudioContext> options) : DbContext(options)
{
    /// <summary>Projects.</summary>
    public DbSet<Project> Projects => Set<Project>();

    /// <summary>Assets.</summary>
    public DbSet<Asset> Assets => Set<Asset>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Project>(project =>
        {
            project.ToTable("projects");
            project.HasIndex(p => new { p.Status, p.UpdatedAt });
            project.HasIndex(p => p.UpdatedAt);
        });
        modelBuilder.Entity<Asset>(asset =>
        {
            asset.ToTable("assets");
            asset.HasIndex(a => new { a.ProjectId, a.Type });
        });
        SnakeCaseNames.Apply(modelBuilder);
    }
}
