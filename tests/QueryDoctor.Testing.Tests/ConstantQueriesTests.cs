using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace QueryDoctor.Testing.Tests;

public sealed class ConstantQueriesTests : ExpectationTestBase
{
    [Fact]
    public void AssertConstantQueries_Included_Passes()
    {
        var loaded = new List<int>();
        QueryDoctorTest.AssertConstantQueries(Capture, sizes: (2, 10), setup: Db.Seed, act: _ => loaded.Add(LoadPostsIncluded()));

        loaded.ShouldBe([2 * BlogDatabase.PostsPerBlog, 10 * BlogDatabase.PostsPerBlog]);
    }

    [Fact]
    public void AssertConstantQueries_QueryPerRow_FailsWithBothCountsCallSiteAndFix()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.AssertConstantQueries(Capture, sizes: (2, 10), setup: Db.Seed, act: _ => LoadPostsOneBlogAtATime()));

        error.Message.ShouldStartWith(
            "QueryDoctor: the query count of 'AssertConstantQueries_QueryPerRow_FailsWithBothCountsCallSiteAndFix' grows with the data: " +
            "3 queries at size 2, 11 queries at size 10 (expected the same).\n" +
            "  Statements whose count grew:\n" +
            "      2 -> 10 x select count (*) from posts as p where p.blogid = ? and p.title <> ?\n" +
            "        at QueryDoctor.Testing.Tests.ExpectationTestBase.LoadPostsOneBlogAtATime (ExpectationTestBase.cs:");
        error.Message.ShouldContain("        fix: Count them in the query that loads the Blog rows");
        error.Message.ShouldNotContain("select b.id, b.name from blogs");
        error.Message.ShouldNotContain(SecretTitle);
        error.Failures.ShouldBe(["constant queries: 11 at size 10, 3 at size 2: the query count grows with the data"]);
    }

    [Fact]
    public async Task AssertConstantQueriesAsync_Included_Passes()
    {
        await QueryDoctorTest.AssertConstantQueriesAsync(
            Capture,
            sizes: (1, 6),
            setup: size => Task.Run(() => Db.Seed(size)),
            act: async _ =>
            {
                await using var context = Db.Context(Capture);
                (await context.Blogs.AsNoTracking().Include(b => b.Posts).ToListAsync()).ShouldNotBeEmpty();
            });
    }

    [Fact]
    public async Task AssertConstantQueriesAsync_QueryPerRow_Fails()
    {
        var error = await Should.ThrowAsync<QueryExpectationException>(() => QueryDoctorTest.AssertConstantQueriesAsync(
            Capture,
            sizes: (1, 6),
            setup: size => Task.Run(() => Db.Seed(size)),
            act: async _ =>
            {
                await using var context = Db.Context(Capture);
                foreach (var blog in await context.Blogs.AsNoTracking().ToListAsync())
                {
                    _ = await context.Posts.CountAsync(p => p.BlogId == blog.Id);
                }
            }));

        error.Message.ShouldContain("2 queries at size 1, 7 queries at size 6 (expected the same).");
        error.Message.ShouldContain("      1 -> 6 x select count (*) from posts as p where p.blogid = ?\n        at QueryDoctor.Testing.Tests.ConstantQueriesTests");
    }

    [Fact]
    public void AssertConstantQueries_OneSaveChangesPerRun_CountsTheBatchOnce()
    {
        QueryDoctorTest.AssertConstantQueries(Capture, sizes: (2, 20), setup: null, act: size =>
        {
            using var context = Db.Context(Capture);
            context.Posts.AddRange(Enumerable.Range(0, size).Select(i => new Post { BlogId = 1, Title = "bulk " + i }));
            context.SaveChanges();
        });
    }

    [Fact]
    public void AssertConstantQueries_SizesOutOfOrder_Refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => QueryDoctorTest.AssertConstantQueries(Capture, (10, 2), null, _ => { }));
}
