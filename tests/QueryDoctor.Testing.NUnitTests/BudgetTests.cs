using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;
using QueryDoctor.Testing.Tests;

namespace QueryDoctor.Testing.NUnitTests;

/// <summary>Query budgets from an NUnit test: a kept budget passes, a broken one fails the test with the statement and its call site.</summary>
[TestFixture]
public sealed class BudgetTests
{
    private BlogDatabase _db = null!;
    private QueryCapture _capture = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new BlogDatabase();
        _capture = new QueryCapture();
    }

    [TearDown]
    public void TearDown()
    {
        _capture.Dispose();
        _db.Dispose();
    }

    [Test]
    public void IncludedPosts_StayWithinOneQuery()
    {
        using var expect = QueryDoctorTest.Expect(_capture, e => e.AtMostQueries(1).NoNPlusOne());
        using var context = _db.Context(_capture);

        Assert.That(context.Blogs.Include(b => b.Posts).ToList().Sum(b => b.Posts.Count), Is.EqualTo(15));
    }

    [Test]
    public void PostsLoadedPerBlog_FailWithTheStatementAndItsCallSite()
    {
        var error = Assert.Throws<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(_capture, e => e.NoNPlusOne());
            using var context = _db.Context(_capture);
            foreach (var blog in context.Blogs.ToList())
            {
                _ = context.Posts.Where(p => p.BlogId == blog.Id).ToList();
            }
        });

        Assert.That(error!.Message, Does.Contain("  - no N+1: 1 finding"));
        Assert.That(error.Message, Does.Contain("sql: select p.id, p.blogid, p.title from posts as p where p.blogid = ?\n        count: 5"));
        Assert.That(error.Message, Does.Contain("at: QueryDoctor.Testing.NUnitTests.BudgetTests.PostsLoadedPerBlog_FailWithTheStatementAndItsCallSite (BudgetTests.cs:"));
    }

    [Test]
    public void ConstantQueries_HoldsForTheIncludedLoad()
    {
        QueryDoctorTest.AssertConstantQueries(_capture, sizes: (2, 8), setup: _db.Seed, act: size =>
        {
            using var context = _db.Context(_capture);
            _ = context.Blogs.Include(b => b.Posts).ToList();
        });
    }
}
