using Microsoft.EntityFrameworkCore;
using QueryDoctor.Sql;
using Shouldly;

namespace QueryDoctor.Testing.Tests;

public sealed class QueryBudgetTests : ExpectationTestBase
{
    [Fact]
    public void AtMostQueries_WithinBudget_Passes()
    {
        using (QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(1)))
        {
            LoadPostsIncluded().ShouldBe(15);
        }
    }

    [Fact]
    public void AtMostQueries_OverBudget_FailsListingStatementsWithCountsAndCallSites()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(2));
            LoadPostsOneBlogAtATime();
        });

        error.Message.ShouldStartWith(
            "QueryDoctor: 1 of 1 query expectation failed in scope 'AtMostQueries_OverBudget_FailsListingStatementsWithCountsAndCallSites' (6 statements, 6 round trips):");
        error.Message.ShouldContain("  - at most 2 queries: 6 ran");
        error.Message.ShouldContain("      5 x select count (*) from posts as p where p.blogid = ? and p.title <> ?\n        at QueryDoctor.Testing.Tests.ExpectationTestBase.LoadPostsOneBlogAtATime (ExpectationTestBase.cs:");
        error.Message.ShouldContain("      1 x select b.id, b.name from blogs as b");
        error.Message.ShouldNotContain(SecretTitle);
        error.Failures.ShouldBe(["- at most 2 queries: 6 ran".TrimStart('-', ' ')]);
    }

    [Fact]
    public void AtMostQueries_OfOneKind_CountsOnlyThatKind()
    {
        using (QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(0, SqlStatementKind.Insert).AtMostQueries(1, SqlStatementKind.Select)))
        {
            LoadPostsIncluded();
        }

        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(0, SqlStatementKind.Insert));
            using var context = Db.Context(Capture);
            context.Posts.Add(new Post { BlogId = 1, Title = "new" });
            context.SaveChanges();
        });

        error.Message.ShouldContain("  - at most 0 INSERT queries: 1 ran");
        error.Message.ShouldContain("      1 x insert into posts (blogid, title) values (?, ?) returning id\n        at QueryDoctor.Testing.Tests.QueryBudgetTests.AtMostQueries_OfOneKind_CountsOnlyThatKind (QueryBudgetTests.cs:");
    }

    [Fact]
    public void AtMostRoundTrips_OneSaveChangesCountsOnce()
    {
        void AddFive()
        {
            using var context = Db.Context(Capture);
            for (var i = 0; i < 5; i++)
            {
                context.Posts.Add(new Post { BlogId = 1, Title = "new " + i });
            }

            context.SaveChanges();
        }

        using (QueryDoctorTest.Expect(Capture, e => e.AtMostRoundTrips(1)))
        {
            AddFive();
        }

        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostRoundTrips(1));
            AddFive();
            AddFive();
        });

        error.Message.ShouldContain("  - at most 1 round trip: 2 ran");
    }

    [Fact]
    public void Expect_EveryFailureListedInOneException()
    {
        var error = Should.Throw<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(1).NoNPlusOne().NoFinding("duplicate-query"));
            LoadPostsOneBlogAtATime();
        });

        error.Message.ShouldContain("QueryDoctor: 2 of 3 query expectations failed");
        error.Failures.Count.ShouldBe(2);
        error.Failures[0].ShouldBe("at most 1 query: 6 ran");
        error.Failures[1].ShouldBe("no N+1: 1 finding");
    }

    [Fact]
    public void Expect_NoQueriesAtAll_PassesBudgets()
    {
        using var expect = QueryDoctorTest.Expect(Capture, e => e.AtMostQueries(0).NoNPlusOne());
        expect.Verify();
        expect.Report.ShouldNotBeNull().Findings.ShouldBeEmpty(); // an empty report, never null (issue 21, item 10)
    }

    [Fact]
    public void Expect_SampledCapture_Refused()
    {
        using var sampled = new QueryDoctor.Capture.QueryCapture(new QueryDoctor.Capture.QueryDoctorOptions { SampleRate = 0.5 });
        Should.Throw<InvalidOperationException>(() => QueryDoctorTest.Expect(sampled, e => e.AtMostQueries(1)))
            .Message.ShouldContain("SampleRate below 1");
    }
}
