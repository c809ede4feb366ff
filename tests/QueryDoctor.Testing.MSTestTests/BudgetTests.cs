using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;
using QueryDoctor.Testing.Tests;

namespace QueryDoctor.Testing.MSTestTests;

/// <summary>Query budgets from an MSTest test: a kept budget passes, a broken one fails the test with the statement and its call site.</summary>
[TestClass]
public sealed class BudgetTests
{
    private BlogDatabase _db = null!;
    private QueryCapture _capture = null!;

    [TestInitialize]
    public void SetUp()
    {
        _db = new BlogDatabase();
        _capture = new QueryCapture();
    }

    [TestCleanup]
    public void TearDown()
    {
        _capture.Dispose();
        _db.Dispose();
    }

    [TestMethod]
    public void IncludedPosts_StayWithinOneQuery()
    {
        using var expect = QueryDoctorTest.Expect(_capture, e => e.AtMostQueries(1).NoNPlusOne());
        using var context = _db.Context(_capture);

        Assert.AreEqual(15, context.Blogs.Include(b => b.Posts).ToList().Sum(b => b.Posts.Count));
    }

    [TestMethod]
    public void PostsLoadedPerBlog_FailWithTheStatementAndItsCallSite()
    {
        var error = Assert.ThrowsExactly<QueryExpectationException>(() =>
        {
            using var expect = QueryDoctorTest.Expect(_capture, e => e.NoNPlusOne());
            using var context = _db.Context(_capture);
            foreach (var blog in context.Blogs.ToList())
            {
                _ = context.Posts.Where(p => p.BlogId == blog.Id).ToList();
            }
        });

        StringAssert.Contains(error.Message, "  - no N+1: 1 finding");
        StringAssert.Contains(error.Message, "sql: select p.id, p.blogid, p.title from posts as p where p.blogid = ?\n        count: 5");
        StringAssert.Contains(error.Message, "at: QueryDoctor.Testing.MSTestTests.BudgetTests.PostsLoadedPerBlog_FailWithTheStatementAndItsCallSite (BudgetTests.cs:");
        StringAssert.Contains(error.Message, "fix: Eager-load it: add .Include(b => b.Posts)");
    }

    [TestMethod]
    public void ConstantQueries_HoldsForTheIncludedLoad()
    {
        QueryDoctorTest.AssertConstantQueries(_capture, sizes: (2, 8), setup: _db.Seed, act: size =>
        {
            using var context = _db.Context(_capture);
            _ = context.Blogs.Include(b => b.Posts).ToList();
        });
    }
}
