using Microsoft.EntityFrameworkCore;
using QueryDoctor.Detection;
using QueryDoctor.Rules;
using Shouldly;

namespace QueryDoctor.Testing.Tests;

public sealed class FindingExpectationTests : ExpectationTestBase
{
    private void LoadFirstBlogTwice()
    {
        using var context = Db.Context(Capture);
        _ = context.Blogs.AsNoTracking().Single(b => b.Id == 1);
        _ = context.Blogs.AsNoTracking().Single(b => b.Id == 1);
    }

    [Fact]
    public void NoNPlusOne_Included_Passes()
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne());
        LoadPostsIncluded();
    }

    [Fact]
    public void NoNPlusOne_QueryPerItem_FailsWithStatementCallSiteAndFix()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne());
            LoadPostsOneBlogAtATime();
        });

        error.Message.ShouldContain("  - no N+1: 1 finding");
        error.Message.ShouldContain("      [n-plus-one] Posts counted 5 times by BlogId at QueryDoctor.Testing.Tests.ExpectationTestBase.LoadPostsOneBlogAtATime (ExpectationTestBase.cs:");
        error.Message.ShouldContain("        sql: select count (*) from posts as p where p.blogid = ? and p.title <> ?\n        count: 5\n        at: QueryDoctor.Testing.Tests.ExpectationTestBase.LoadPostsOneBlogAtATime");
        error.Message.ShouldContain("        fix: Count them in the query that loads the Blog rows: .Select(b => new { Blog = b, PostsCount = b.Posts.Count() })");
        error.Message.ShouldNotContain(SecretTitle);
    }

    [Fact]
    public void NoNPlusOne_WriteLoop_Fails()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne());
            using var context = Db.Context(Capture);
            for (var i = 1; i <= 3; i++)
            {
                context.Posts.Add(new Post { BlogId = 1, Title = "new " + i });
                context.SaveChanges();
            }
        });

        error.Message.ShouldContain("  - no N+1: 1 finding");
        error.Message.ShouldContain("[n-plus-one-write]");
    }

    [Fact]
    public void NoFinding_OtherRuleFired_Passes()
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.NoFinding(RuleIds.NPlusOne));
        LoadFirstBlogTwice();
    }

    [Fact]
    public void NoFinding_RuleFired_FailsNamingIt()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoFinding(RuleIds.DuplicateQuery));
            LoadFirstBlogTwice();
        });

        error.Message.ShouldContain("  - no duplicate-query: 1 finding");
        error.Message.ShouldContain("      [duplicate-query] ");
        error.Message.ShouldContain("        sql: select b.id, b.name from blogs as b where b.id = ? limit ?");
        error.Message.ShouldContain("        count: 2");
    }

    [Fact]
    public void NoFindingsAtOrAbove_Warning_InfoFindingPasses()
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.NoFindingsAtOrAbove(Severity.Warning));
        LoadFirstBlogTwice();
        expect.Verify();
        expect.Report!.Findings.Single().Severity.ShouldBe(Severity.Info);
    }

    [Fact]
    public void NoFindingsAtOrAbove_Info_InfoFindingFails()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoFindingsAtOrAbove(Severity.Info));
            LoadFirstBlogTwice();
        });

        error.Message.ShouldContain("  - no findings at or above info: 1 finding");
        error.Message.ShouldContain("[duplicate-query]");
    }

    [Fact]
    public void NoFindingsAtOrAbove_Warning_NPlusOneFails()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoFindingsAtOrAbove(Severity.Warning));
            LoadPostsOneBlogAtATime();
        });

        error.Message.ShouldContain("  - no findings at or above warning: 1 finding");
        error.Message.ShouldContain("[n-plus-one]");
    }

    [Fact]
    public void TagWithAllow_NPlusOneSuppressed_AndListedWhenSomethingElseFails()
    {
        void TaggedLoop()
        {
            using var context = Db.Context(Capture);
            foreach (var blog in context.Blogs.AsNoTracking().ToList())
            {
                _ = context.Posts.TagWith("querydoctor:allow n-plus-one").AsNoTracking().Count(p => p.BlogId == blog.Id);
            }
        }

        using (QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne().NoFindingsAtOrAbove(Severity.Info)))
        {
            TaggedLoop();
        }

        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne().AtMostQueries(2));
            TaggedLoop();
        });

        error.Failures.ShouldBe(["at most 2 queries: 6 ran"]);
        error.Message.ShouldContain("  Suppressed (not failing): 1");
        error.Message.ShouldContain("      [n-plus-one] Posts counted 5 times by BlogId at QueryDoctor.Testing.Tests.FindingExpectationTests.TagWithAllow_NPlusOneSuppressed_AndListedWhenSomethingElseFails (FindingExpectationTests.cs:");
        error.Message.ShouldContain("(suppressed by tag querydoctor:allow n-plus-one)");
    }

    [Fact]
    public void TagWithAllowForAnotherRule_StillFails()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne());
            using var context = Db.Context(Capture);
            foreach (var blog in context.Blogs.AsNoTracking().ToList())
            {
                _ = context.Posts.TagWith("querydoctor:allow duplicate-query").AsNoTracking().Count(p => p.BlogId == blog.Id);
            }
        });

        error.Message.ShouldContain("  - no N+1: 1 finding");
    }

    [Fact]
    public void Allow_ByCallSite_OnlyThatCallSiteAccepted()
    {
        using (QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne().Allow(Suppression.AtCallSite("ExpectationTestBase.LoadPostsOneBlogAtATime", RuleIds.NPlusOne))))
        {
            LoadPostsOneBlogAtATime();
        }

        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne().Allow(Suppression.AtCallSite("SomewhereElse")));
            LoadPostsOneBlogAtATime();
        });

        error.Message.ShouldContain("  - no N+1: 1 finding");
    }

    [Fact]
    public void Allow_BySqlPattern_AcceptsMatchingStatement()
    {
        using (QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne().Allow(Suppression.ForSql("from posts as p where p.blogid = ?"))))
        {
            LoadPostsOneBlogAtATime();
        }

        Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.NoNPlusOne().Allow(Suppression.ForSql("from blogs")));
            LoadPostsOneBlogAtATime();
        });
    }

    [Fact]
    public void CaptureSuppression_AppliesToExpectations()
    {
        using var capture = new QueryDoctor.Capture.QueryCapture(new QueryDoctor.Capture.QueryDoctorOptions
        {
            Detection = new DetectionOptions().Suppress(Suppression.ForRule(RuleIds.NPlusOne) with { Reason = "legacy page" }),
        });
        using var expect = QueryDoctorTest.Expect(capture, e => e.NoNPlusOne());
        using (var context = Db.Context(capture))
        {
            foreach (var blog in context.Blogs.AsNoTracking().ToList())
            {
                _ = context.Posts.AsNoTracking().Count(p => p.BlogId == blog.Id);
            }
        }

        expect.Verify();
        expect.Report!.Suppressed.Single().By.ShouldBe("rule n-plus-one (legacy page)");
    }
}
