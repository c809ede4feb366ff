using Microsoft.EntityFrameworkCore;

namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>The request's model: items in groups.</summary>
public sealed class RequestContext(DbContextOptions<RequestContext> options) : DbContext(options)
{
    public DbSet<RequestItem> Items => Set<RequestItem>();

    public DbSet<RequestGroup> Groups => Set<RequestGroup>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RequestItem>().ToTable("items").HasIndex(i => i.GroupId);
        modelBuilder.Entity<RequestGroup>().ToTable("groups");
    }
}
