using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Rules;

namespace QueryDoctor.Testing.Tests;

/// <summary>A capture (timing rules off: tests never depend on the machine's speed) and a seeded database per test.</summary>
public abstract class ExpectationTestBase : IDisposable
{
    /// <summary>A parameter value that must never appear in a failure message.</summary>
    protected const string SecretTitle = "secret-title-4711";

    protected ExpectationTestBase(DetectionOptions? detection = null, QueryDoctorMode mode = QueryDoctorMode.Development)
    {
        detection ??= new DetectionOptions();
        detection.DisabledRules.Add(RuleIds.SlowQuery);
        detection.DisabledRules.Add(RuleIds.SlowScope);
        Capture = new QueryCapture(new QueryDoctorOptions { Detection = detection, Mode = mode });
    }

    protected BlogDatabase Db { get; } = new();

    protected QueryCapture Capture { get; }

    /// <summary>The classic N+1: the blogs, then each blog's posts in a query of its own.</summary>
    protected int LoadPostsOneBlogAtATime()
    {
        using var context = Db.Context(Capture);
        var total = 0;
        foreach (var blog in context.Blogs.AsNoTracking().ToList())
        {
            total += context.Posts.AsNoTracking().Count(p => p.BlogId == blog.Id && p.Title != SecretTitle);
        }

        return total;
    }

    /// <summary>The fix: one query with the posts included.</summary>
    protected int LoadPostsIncluded()
    {
        using var context = Db.Context(Capture);
        return context.Blogs.AsNoTracking().Include(b => b.Posts).ToList().Sum(b => b.Posts.Count);
    }

    public void Dispose()
    {
        Capture.Dispose();
        Db.Dispose();
        GC.SuppressFinalize(this);
    }
}
