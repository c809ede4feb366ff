using Microsoft.EntityFrameworkCore;

namespace QueryDoctor.EntityFrameworkCore.Tests.Precision;

// The shapes real EF Core applications use: references and collections to one table from several entities
// (Blog.Owner and Post.Author both point at User), a join entity with a composite key, a table keyed by a name,
// a self-referencing tree and two collections through one table (followers and followings).
public class User
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public virtual List<Follow> Followers { get; set; } = [];

    public virtual List<Follow> Followings { get; set; } = [];
}

public class Blog
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int OwnerId { get; set; }

    public virtual User? Owner { get; set; }

    public virtual List<Post> Posts { get; set; } = [];

    public virtual List<Contributor> Contributors { get; set; } = [];
}

public class Contributor
{
    public int Id { get; set; }

    public int BlogId { get; set; }

    public virtual Blog? Blog { get; set; }

    public int UserId { get; set; }
}

public class Post
{
    public int Id { get; set; }

    public int BlogId { get; set; }

    public virtual Blog? Blog { get; set; }

    public int AuthorId { get; set; }

    public virtual User? Author { get; set; }

    public string Title { get; set; } = "";

    public virtual List<Comment> Comments { get; set; } = [];

    public virtual List<PostTag> PostTags { get; set; } = [];
}

public class Comment
{
    public int Id { get; set; }

    public int PostId { get; set; }

    public string Text { get; set; } = "";
}

public class Tag
{
    public string Name { get; set; } = "";
}

public class PostTag
{
    public int PostId { get; set; }

    public virtual Post? Post { get; set; }

    public string TagName { get; set; } = "";

    public virtual Tag? Tag { get; set; }
}

public class Category
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int? ParentId { get; set; }

    public virtual Category? Parent { get; set; }

    public virtual List<Category> Children { get; set; } = [];
}

public class Follow
{
    public int Id { get; set; }

    public int FollowerId { get; set; }

    public virtual User? Follower { get; set; }

    public int FollowedId { get; set; }

    public virtual User? Followed { get; set; }
}

public class Slug
{
    public int Id { get; set; }

    public string Value { get; set; } = "";
}

public sealed class BlogContext(DbContextOptions<BlogContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Blog> Blogs => Set<Blog>();

    public DbSet<Contributor> Contributors => Set<Contributor>();

    public DbSet<Post> Posts => Set<Post>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<PostTag> PostTags => Set<PostTag>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Follow> Follows => Set<Follow>();

    public DbSet<Slug> Slugs => Set<Slug>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tag>().HasKey(t => t.Name);
        modelBuilder.Entity<PostTag>().HasKey(pt => new { pt.PostId, pt.TagName });
        modelBuilder.Entity<Blog>().HasOne(b => b.Owner).WithMany().HasForeignKey(b => b.OwnerId);
        modelBuilder.Entity<Post>().HasOne(p => p.Author).WithMany().HasForeignKey(p => p.AuthorId);
        modelBuilder.Entity<Category>().HasOne(c => c.Parent).WithMany(c => c.Children).HasForeignKey(c => c.ParentId);
        modelBuilder.Entity<Follow>().HasOne(f => f.Follower).WithMany(u => u.Followings).HasForeignKey(f => f.FollowerId);
        modelBuilder.Entity<Follow>().HasOne(f => f.Followed).WithMany(u => u.Followers).HasForeignKey(f => f.FollowedId);
        modelBuilder.Entity<Slug>().HasIndex(s => s.Value).IsUnique();
    }
}
