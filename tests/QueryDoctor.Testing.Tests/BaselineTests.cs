using Microsoft.EntityFrameworkCore;
using QueryDoctor.Reporting;
using Shouldly;

namespace QueryDoctor.Testing.Tests;

public sealed class BaselineTests : ExpectationTestBase
{
    private const string Scope = "GET /blogs";

    private int LoadTitlesOneBlogAtATime()
    {
        using var context = Db.Context(Capture);
        var total = 0;
        foreach (var blog in context.Blogs.AsNoTracking().ToList())
        {
            total += context.Posts.AsNoTracking().Where(p => p.BlogId == blog.Id).Select(p => p.Title).ToList().Count;
        }

        return total;
    }

    [Fact]
    public void WithBaseline_RoundTrip_OnlyTheNewNPlusOneFails_TheBaselinedOneIsListed()
    {
        // 1. Today's code has one N+1: record it and save the baseline, as `querydoctor baseline` would.
        var today = QueryDoctorTest.Verify(Capture, e => e.AtMostQueries(100), () => LoadPostsOneBlogAtATime(), Scope)!;
        today.Findings.Count.ShouldBe(1);
        var path = Path.Combine(Path.GetTempPath(), $"qd-baseline-{Guid.NewGuid():N}.json");
        try
        {
            FindingBaseline.From(today.Findings).Save(path);

            // 2. The baselined N+1 alone passes.
            QueryDoctorTest.Verify(Capture, e => e.NoNPlusOne().WithBaseline(path), () => LoadPostsOneBlogAtATime(), Scope);

            // 3. Someone adds a second N+1 at another call site: only that one fails; the old one is listed as baselined.
            var error = Should.Throw<QueryExpectationException>(() => QueryDoctorTest.Verify(
                Capture,
                e => e.NoNPlusOne().WithBaseline(path),
                () =>
                {
                    LoadPostsOneBlogAtATime();
                    LoadTitlesOneBlogAtATime();
                },
                Scope));

            error.Failures.ShouldBe(["no N+1: 1 finding"]);
            var (failing, baselined) = Split(error.Message);
            failing.ShouldContain("[n-plus-one] Blog.Posts loaded 5 times at QueryDoctor.Testing.Tests.BaselineTests.LoadTitlesOneBlogAtATime (BaselineTests.cs:");
            failing.ShouldNotContain("LoadPostsOneBlogAtATime");
            baselined.ShouldStartWith("  Baselined (known, not failing): 1\n      [n-plus-one] Posts counted 5 times by BlogId at QueryDoctor.Testing.Tests.ExpectationTestBase.LoadPostsOneBlogAtATime (ExpectationTestBase.cs:");
            baselined.ShouldContain("(baselined)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WithBaseline_OtherScopeName_DoesNotMatch()
    {
        var today = QueryDoctorTest.Verify(Capture, e => e.AtMostQueries(100), () => LoadPostsOneBlogAtATime(), Scope)!;
        var baseline = FindingBaseline.From(today.Findings);

        Should.Throw<QueryExpectationException>(() =>
            QueryDoctorTest.Verify(Capture, e => e.NoNPlusOne().WithBaseline(baseline), () => LoadPostsOneBlogAtATime(), "GET /other"));
    }

    [Fact]
    public void WithBaseline_MissingFile_Throws() =>
        Should.Throw<IOException>(() => QueryDoctorTest.Expect(Capture, e => e.WithBaseline(Path.Combine(Path.GetTempPath(), "qd-no-such-baseline.json"))));

    private static (string Failing, string Baselined) Split(string message)
    {
        var at = message.IndexOf("  Baselined (known, not failing):", StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0);
        return (message[..at], message[at..]);
    }
}
