using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;
using QueryDoctor.TestSupport;

namespace QueryDoctor.EntityFrameworkCore.Tests.Precision;

/// <summary>
/// A seeded blog database: 20 users, 5 blogs (owned by users 1-5) with 3 contributors and 10 posts each (50 posts,
/// authors cycling through the 20 users), 2 comments per post, 8 tags, a 3-level category tree (1 + 3 + 6) and
/// user 1 with 5 followers and 3 followings. One subclass per provider.
/// </summary>
public abstract class BlogDatabase : IDisposable
{
    public const int Users = 20;
    public const int Blogs = 5;
    public const int PostsPerBlog = 10;
    public const int Posts = Blogs * PostsPerBlog;
    public const int CommentsPerPost = 2;
    public const int Tags = 8;

    public abstract BlogContext Context(QueryCapture capture, bool lazy = false);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected static void Seed(BlogContext context)
    {
        var users = Enumerable.Range(1, Users).Select(i => new User { Name = "user " + i }).ToList();
        context.Users.AddRange(users);
        context.SaveChanges();
        var post = 0;
        for (var b = 1; b <= Blogs; b++)
        {
            var blog = new Blog { Name = "blog " + b, OwnerId = users[b - 1].Id };
            for (var c = 0; c < 3; c++)
            {
                blog.Contributors.Add(new Contributor { UserId = users[5 + ((b * 3) + c) % 15].Id });
            }

            for (var p = 0; p < PostsPerBlog; p++)
            {
                var entry = new Post { Title = "post " + post, AuthorId = users[post % Users].Id };
                for (var c = 0; c < CommentsPerPost; c++)
                {
                    entry.Comments.Add(new Comment { Text = $"comment {post}.{c}" });
                }

                blog.Posts.Add(entry);
                post++;
            }

            context.Blogs.Add(blog);
        }

        context.Tags.AddRange(Enumerable.Range(1, Tags).Select(i => new Tag { Name = "t" + i }));
        var root = new Category { Name = "root" };
        for (var i = 0; i < 3; i++)
        {
            var child = new Category { Name = "c" + i };
            for (var j = 0; j < 2; j++)
            {
                child.Children.Add(new Category { Name = $"c{i}.{j}" });
            }

            root.Children.Add(child);
        }

        context.Categories.Add(root);
        for (var i = 2; i <= 6; i++)
        {
            context.Follows.Add(new Follow { FollowerId = users[i - 1].Id, FollowedId = users[0].Id });
        }

        for (var i = 7; i <= 9; i++)
        {
            context.Follows.Add(new Follow { FollowerId = users[0].Id, FollowedId = users[i - 1].Id });
        }

        context.SaveChanges();
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

public sealed class SqliteBlogDatabase : BlogDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "qd-blog-" + Guid.NewGuid().ToString("N") + ".db");

    public SqliteBlogDatabase()
    {
        ConnectionString = "Data Source=" + _path;
        using var context = new BlogContext(new DbContextOptionsBuilder<BlogContext>().UseSqlite(ConnectionString).Options);
        context.Database.EnsureCreated();
        Seed(context);
    }

    public string ConnectionString { get; }

    public override BlogContext Context(QueryCapture capture, bool lazy = false)
    {
        var builder = new DbContextOptionsBuilder<BlogContext>().UseSqlite(ConnectionString).UseQueryDoctor(capture);
        if (lazy)
        {
            builder.UseLazyLoadingProxies();
        }

        return new BlogContext(builder.Options);
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

public sealed class PostgresBlogDatabase : BlogDatabase
{
    private PostgresBlogDatabase(string connectionString)
    {
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresBlogDatabase> CreateAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        var database = new PostgresBlogDatabase(await cluster.CreateDatabaseAsync("blog"));
        await using var context = new BlogContext(new DbContextOptionsBuilder<BlogContext>().UseNpgsql(database.ConnectionString).Options);
        await context.Database.EnsureCreatedAsync();
        Seed(context);
        return database;
    }

    public override BlogContext Context(QueryCapture capture, bool lazy = false)
    {
        var builder = new DbContextOptionsBuilder<BlogContext>().UseNpgsql(ConnectionString).UseQueryDoctor(capture);
        if (lazy)
        {
            builder.UseLazyLoadingProxies();
        }

        return new BlogContext(builder.Options);
    }
}
