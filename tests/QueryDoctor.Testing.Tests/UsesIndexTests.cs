using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace QueryDoctor.Testing.Tests;

public sealed class UsesIndexTests : ExpectationTestBase
{
    private List<Post> PostsOfBlog(int blogId)
    {
        using var context = Db.Context(Capture);
        return context.Posts.AsNoTracking().Where(p => p.BlogId == blogId).ToList();
    }

    private List<Post> PostsTitled(string title)
    {
        using var context = Db.Context(Capture);
        return context.Posts.AsNoTracking().Where(p => p.Title == title).ToList();
    }

    [Fact]
    public void UsesIndex_CapturedStatementOnIndexedColumn_Passes()
    {
        using (QueryDoctorTest.Expect(Capture, e => e.UsesIndex(Db.Inspector, "from posts as p where p.blogid = ?")))
        {
            PostsOfBlog(1).Count.ShouldBe(BlogDatabase.PostsPerBlog);
        }

        using (QueryDoctorTest.Expect(Capture, e => e.UsesIndex(Db.Inspector, "from posts", "IX_Posts_BlogId")))
        {
            PostsOfBlog(2);
        }
    }

    [Fact]
    public async Task UsesIndex_ByFingerprintId_AsyncVerify_Passes()
    {
        await using (QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(1)))
        {
            PostsOfBlog(1);
        }

        var id = Capture.RecentScopes[^1].Scope.Groups.Single().Fingerprint.Id;
        await using var expect = QueryDoctorTest.Expect(Capture, e => e.UsesIndex(Db.Inspector, id));
        PostsOfBlog(3);
        await expect.VerifyAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void UsesIndex_CapturedStatementOnUnindexedColumn_FailsWithStatementCallSiteAndPlan()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.UsesIndex(Db.Inspector, "where p.title = ?"));
            PostsTitled(SecretTitle);
        });

        error.Message.ShouldContain("  - 'where p.title = ?' uses an index: 1 statement does not");
        error.Message.ShouldContain("      select p.id, p.blogid, p.title from posts as p where p.title = ?\n        at QueryDoctor.Testing.Tests.UsesIndexTests.PostsTitled (UsesIndexTests.cs:");
        error.Message.ShouldContain("        plan: scans Posts without an index");
        error.Message.ShouldContain("        fix: add an index on the filtered columns");
        error.Message.ShouldNotContain(SecretTitle);
    }

    [Fact]
    public void UsesIndex_NamedIndexNotUsed_Fails()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.UsesIndex(Db.Inspector, "from posts", "IX_Posts_Title"));
            PostsOfBlog(1);
        });

        error.Message.ShouldContain("  - 'from posts' uses index IX_Posts_Title: 1 statement does not");
        error.Message.ShouldContain("        plan: uses IX_Posts_BlogId instead");
    }

    [Fact]
    public void UsesIndex_NothingMatches_FailsSayingSo()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.UsesIndex(Db.Inspector, "from comments"));
            PostsOfBlog(1);
        });

        error.Message.ShouldContain("  - 'from comments' uses an index: no captured statement matches it (1 statement kept)");
    }

    [Fact]
    public void UsesIndex_GivenSqlText_ExplainedAsGiven()
    {
        var report = QueryDoctorTest.Verify(Capture, e => e.UsesIndex(Db.Inspector, "SELECT * FROM \"Posts\" WHERE \"BlogId\" = 1"), () => { });
        report.ShouldNotBeNull().Scope.StatementCount.ShouldBe(0); // an empty report, never null (issue 21, item 10)

        Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.Verify(Capture, e => e.UsesIndex(Db.Inspector, "SELECT * FROM \"Posts\" WHERE \"Title\" = 'x'"), () => { }))
            .Message.ShouldContain("plan: scans Posts without an index");
    }
}
