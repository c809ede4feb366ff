using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore.Tests.Precision;

/// <summary>
/// Issue 21, items 1-4: a navigation is named only when a lazy load proves it, nested and self-referencing loads get
/// the fix that works, aggregates keep their table, and the model's keys silence check-then-insert.
/// </summary>
public abstract class NavigationPrecisionTests : BlogTestBase
{
    [Fact]
    public async Task LookupByKeyInLoop_DescribesTheLookup_NamesNoNavigation()
    {
        await using var context = Db.Context(Capture);
        var repository = new BlogRepository(context);
        var scope = QueryDoctorScope.Begin("author names");
        var names = new List<string>();
        foreach (var post in await context.Posts.AsNoTracking().OrderBy(p => p.Id).ToListAsync(TestContext.Current.CancellationToken))
        {
            names.Add(await repository.GetNameAsync(post.AuthorId));
        }

        scope.Dispose();
        Assert.Equal(BlogDatabase.Posts, names.Count);
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.StartsWith("Users queried 50 times by Id at ", finding.Message);
        Assert.DoesNotContain("Blog.Owner", finding.Message);
        Assert.DoesNotContain("once per Blog", finding.Message);
        Assert.DoesNotContain(".Include(b => b.Owner)", finding.Suggestion);
        Assert.Contains("WHERE Id IN", finding.Suggestion);
        Assert.Contains("Blog.Owner", finding.Suggestion);
        Assert.Contains("Post.Author", finding.Suggestion);
    }

    [Fact]
    public async Task SharedRepositoryMethod_DescribesTheLookup_NamesNoNavigation()
    {
        await using var context = Db.Context(Capture);
        var repository = new BlogRepository(context);
        var scope = QueryDoctorScope.Begin("contributor blogs");
        var blogs = new List<Blog?>();
        foreach (var contributor in await context.Contributors.AsNoTracking().OrderBy(c => c.Id).ToListAsync(TestContext.Current.CancellationToken))
        {
            blogs.Add(await repository.FindBlogAsync(contributor.BlogId));
        }

        scope.Dispose();
        Assert.All(blogs, Assert.NotNull);
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.StartsWith("Blogs queried 15 times by Id at ", finding.Message);
        Assert.DoesNotContain("Contributor.Blog", finding.Message);
        Assert.DoesNotContain(".Include(", finding.Suggestion!.Split(';')[0]);
    }

    [Fact]
    public void PerTagLookupInCreateHandler_NoJoinEntityNavigation_NoCheckThenInsertOnKeys()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("create post");
        var post = new Post { Title = "new", BlogId = 1, AuthorId = 1 };
        context.Posts.Add(post);
        context.SaveChanges();
        string[] requested = ["t1", "t2", "t3", "t4", "new1", "new2", "new3", "new4"];
        foreach (var name in requested)
        {
            var tag = context.Tags.FirstOrDefault(t => t.Name == name);
            if (tag is null)
            {
                tag = new Tag { Name = name };
                context.Tags.Add(tag);
            }

            if (!context.PostTags.Any(pt => pt.PostId == post.Id && pt.TagName == name))
            {
                context.PostTags.Add(new PostTag { PostId = post.Id, TagName = name });
            }
        }

        context.SaveChanges();
        scope.Dispose();
        var report = ReportOf(scope);
        var lookup = Assert.Single(report.Findings, f => f.Rule == "n-plus-one" && f.Table == "Tags");
        Assert.StartsWith("Tags queried 8 times by Name at ", lookup.Message);
        Assert.DoesNotContain("PostTag.Tag", lookup.Message);
        Assert.DoesNotContain(".Include(", lookup.Suggestion!.Split(';')[0]);
        Assert.DoesNotContain(report.Findings, f => f.Rule == "check-then-insert");
    }

    [Fact]
    public void CheckThenInsert_UniqueIndexInModel_Silenced_PlainColumnStillFlagged()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("register");
        // One SaveChanges per insert: Npgsql sends two inserts of one SaveChanges as one multi-statement command.
        if (!context.Slugs.Any(s => s.Value == "hello"))
        {
            context.Slugs.Add(new Slug { Value = "hello" });
            context.SaveChanges();
        }

        if (!context.Users.Any(u => u.Name == "newcomer"))
        {
            context.Users.Add(new User { Name = "newcomer" });
            context.SaveChanges();
        }

        scope.Dispose();
        var finding = One(ReportOf(scope), "check-then-insert");
        Assert.Equal("Users", finding.Table);
        Assert.Equal(["Name"], finding.Columns);
    }

    [Fact]
    public void NestedLazyLoads_SuggestIncludeThenIncludeOnTheRootQuery()
    {
        using var context = Db.Context(Capture, lazy: true);
        var scope = QueryDoctorScope.Begin("blog comments");
        var comments = 0;
        foreach (var blog in context.Blogs.ToList())
        {
            foreach (var post in blog.Posts)
            {
                comments += post.Comments.Count;
            }
        }

        scope.Dispose();
        Assert.Equal(BlogDatabase.Posts * BlogDatabase.CommentsPerPost, comments);
        var report = ReportOf(scope);
        var nested = Assert.Single(report.Findings, f => f.Message.StartsWith("Post.Comments lazily loaded 50 times", StringComparison.Ordinal));
        Assert.Contains(".Include(b => b.Posts).ThenInclude(p => p.Comments)", nested.Suggestion);
        Assert.Contains("the query that loads the Blog rows", nested.Suggestion);
        Assert.DoesNotContain(".Include(p => p.Comments)", nested.Suggestion);
        var outer = Assert.Single(report.Findings, f => f.Message.StartsWith("Blog.Posts lazily loaded 5 times", StringComparison.Ordinal));
        Assert.Contains(".Include(b => b.Posts).ThenInclude(p => p.Comments)", outer.Suggestion);
    }

    [Fact]
    public void SelfReferencingTree_Lazy_SuggestsOneLoadOfTheTable()
    {
        using var context = Db.Context(Capture, lazy: true);
        var scope = QueryDoctorScope.Begin("category tree");
        var root = context.Categories.Single(c => c.ParentId == null);
        Assert.Equal(9, Descendants(root));
        scope.Dispose();
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.StartsWith("Category.Children lazily loaded 10 times", finding.Message);
        Assert.Contains("Categories", finding.Suggestion);
        Assert.Contains("recursive", finding.Suggestion);
        Assert.DoesNotContain(".Include(c => c.Children) to the query", finding.Suggestion);
    }

    [Fact]
    public void SelfReferencingTree_Explicit_SuggestsOneLoadOfTheTable()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("category tree explicit");
        Assert.Equal(9, Count(context, context.Categories.Single(c => c.ParentId == null).Id));
        scope.Dispose();
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.Contains("Category.Children", finding.Message);
        Assert.Contains("recursive", finding.Suggestion);
        Assert.DoesNotContain(".Include(c => c.Children) to the query", finding.Suggestion);
    }

    [Fact]
    public void CountPerItem_KeepsTheTable_SuggestsProjectionOrGroupBy()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("post counts");
        var total = 0;
        foreach (var blog in context.Blogs.AsNoTracking().ToList())
        {
            total += context.Posts.Count(p => p.BlogId == blog.Id);
        }

        scope.Dispose();
        Assert.Equal(BlogDatabase.Posts, total);
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.StartsWith("Posts counted 5 times by BlogId at ", finding.Message);
        Assert.DoesNotContain("the database", finding.Message);
        Assert.Contains("b.Posts.Count()", finding.Suggestion);
        Assert.Contains("GroupBy(p => p.BlogId)", finding.Suggestion);
    }

    [Fact]
    public void ExistsPerItem_KeepsTheTable_SuggestsProjectionOrGroupBy()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("has comments");
        var with = 0;
        foreach (var post in context.Posts.AsNoTracking().ToList())
        {
            with += context.Comments.Any(c => c.PostId == post.Id) ? 1 : 0;
        }

        scope.Dispose();
        Assert.Equal(BlogDatabase.Posts, with);
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.StartsWith("Comments checked for existence 50 times by PostId at ", finding.Message);
        Assert.DoesNotContain("the database", finding.Message + finding.Suggestion);
        Assert.DoesNotContain("the the", finding.Message + finding.Suggestion);
        Assert.Contains("p.Comments.Any()", finding.Suggestion);
        Assert.Contains("GroupBy(c => c.PostId)", finding.Suggestion);
    }

    private static int Descendants(Category category) => category.Children.Sum(c => 1 + Descendants(c));

    private static int Count(BlogContext context, int parentId) =>
        context.Categories.AsNoTracking().Where(c => c.ParentId == parentId).ToList().Sum(c => 1 + Count(context, c.Id));
}

public sealed class SqliteNavigationPrecisionTests : NavigationPrecisionTests
{
}

public sealed class PostgresNavigationPrecisionTests : NavigationPrecisionTests
{
    protected override async Task<BlogDatabase> CreateDatabaseAsync() => await PostgresBlogDatabase.CreateAsync();
}
