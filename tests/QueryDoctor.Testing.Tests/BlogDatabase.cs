using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;
using QueryDoctor.EntityFrameworkCore;
using QueryDoctor.Inspection;

namespace QueryDoctor.Testing.Tests;

public class Blog
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Post> Posts { get; set; } = [];
}

public class Post
{
    public int Id { get; set; }

    public int BlogId { get; set; }

    public string Title { get; set; } = "";
}

public sealed class BlogContext(DbContextOptions<BlogContext> options) : DbContext(options)
{
    public DbSet<Blog> Blogs => Set<Blog>();

    public DbSet<Post> Posts => Set<Post>();
}

/// <summary>
/// A shared-cache in-memory SQLite database (kept alive by one open connection) with blogs and posts;
/// EF Core (through <see cref="Context"/>) and Dapper (through <see cref="OpenConnection"/>) see the same data.
/// Posts have EF's index on BlogId and none on Title.
/// </summary>
public sealed class BlogDatabase : IDisposable
{
    public const int PostsPerBlog = 3;

    private readonly SqliteConnection _keeper;

    public BlogDatabase(int blogs = 5)
    {
        ConnectionString = $"Data Source=file:qd-testing-{Guid.NewGuid():N}?mode=memory&cache=shared";
        _keeper = new SqliteConnection(ConnectionString);
        _keeper.Open();
        using var context = new BlogContext(new DbContextOptionsBuilder<BlogContext>().UseSqlite(ConnectionString).Options);
        context.Database.EnsureCreated();
        Seed(blogs);
        Inspector = DatabaseInspector.For(_keeper, DatabaseProvider.Sqlite);
    }

    public string ConnectionString { get; }

    public IDatabaseInspector Inspector { get; }

    /// <summary>Replaces the data with this many blogs of <see cref="PostsPerBlog"/> posts each.</summary>
    public void Seed(int blogs)
    {
        using var context = new BlogContext(new DbContextOptionsBuilder<BlogContext>().UseSqlite(ConnectionString).Options);
        context.Posts.ExecuteDelete();
        context.Blogs.ExecuteDelete();
        for (var b = 1; b <= blogs; b++)
        {
            var blog = new Blog { Name = "blog-" + b };
            for (var p = 1; p <= PostsPerBlog; p++)
            {
                blog.Posts.Add(new Post { Title = $"post {b}.{p}" });
            }

            context.Blogs.Add(blog);
        }

        context.SaveChanges();
    }

    public BlogContext Context(QueryCapture capture) =>
        new(new DbContextOptionsBuilder<BlogContext>().UseSqlite(ConnectionString).UseQueryDoctor(capture).Options);

    public DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose() => _keeper.Dispose();
}
