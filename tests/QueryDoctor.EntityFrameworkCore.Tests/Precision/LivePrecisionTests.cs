using QueryDoctor.Rules;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Reporting;

namespace QueryDoctor.EntityFrameworkCore.Tests.Precision;

/// <summary>
/// Issue 21, items 5-10 with real EF Core: batch loading and polling are not N+1, large pages and two collections of one
/// table are flagged, findings carry distinct values and callers, block suppression, empty reports, the strict preset.
/// </summary>
public abstract class LivePrecisionTests : BlogTestBase
{
    [Fact]
    public void ChunkedBatchLoading_IsNotNPlusOne()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("batch load");
        var loaded = 0;
        foreach (var chunk in Enumerable.Range(1, BlogDatabase.Users).Chunk(5))
        {
            loaded += context.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).ToList().Count;
        }

        scope.Dispose();
        Assert.Equal(BlogDatabase.Users, loaded);
        var report = ReportOf(scope);
        Assert.Equal(4, Assert.Single(report.Scope.Groups).Count);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void ChunkedBatchLoading_SameChunkAgain_IsNPlusOne_WithoutAdvisingAnInList()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("batch load again");
        int[][] chunks = [[1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6]];
        foreach (var chunk in chunks)
        {
            _ = context.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).ToList();
        }

        scope.Dispose();
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.Equal(2, finding.DistinctValues);
        Assert.DoesNotContain(" IN (", finding.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Polling_WithGaps_IsNeitherDuplicateNorNPlusOne_WithoutGapsIsDuplicate()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        using var capture = new QueryCapture(new QueryDoctorOptions { Detection = CaptureTestBase.Untimed(), TimeProvider = clock });
        using var context = Db.Context(capture);
        var polling = QueryDoctorScope.Begin("poll", clock);
        for (var i = 0; i < 4; i++)
        {
            _ = context.Posts.AsNoTracking().Where(p => p.Title == "pending").ToList();
            clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        polling.Dispose();
        Assert.Empty(Assert.Single(polling.Reports).Findings);

        var quick = QueryDoctorScope.Begin("repeat", clock);
        for (var i = 0; i < 4; i++)
        {
            _ = context.Posts.AsNoTracking().Where(p => p.Title == "pending").ToList();
            clock.Advance(TimeSpan.FromMilliseconds(5));
        }

        quick.Dispose();
        Assert.Equal("duplicate-query", Assert.Single(Assert.Single(quick.Reports).Findings).Rule);
    }

    [Fact]
    public void LargePage_Take5000_ReadingMoreThanThreshold_IsFlagged_SmallPageIsNot()
    {
        using (var seed = Db.Context(Capture))
        {
            seed.Comments.AddRange(Enumerable.Range(0, 1100).Select(i => new Comment { PostId = 1 + (i % BlogDatabase.Posts), Text = "bulk " + i }));
            seed.SaveChanges();
        }

        Capture.FlushAmbient();
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("page");
        var page = context.Comments.AsNoTracking().OrderBy(c => c.Id).Take(5000).ToList();
        var small = context.Comments.AsNoTracking().OrderBy(c => c.Id).Take(50).ToList();
        scope.Dispose();
        Assert.Equal(1200, page.Count);
        Assert.Equal(50, small.Count);
        var finding = One(ReportOf(scope), "unbounded-result");
        Assert.Equal(1200, finding.Rows);
        Assert.Contains("with a row limit still read 1200 rows", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FollowersAndFollowings_ThroughOneTable_IsCartesianExplosion_OneCollectionIsNot()
    {
        using var context = Db.Context(Capture);
        var both = QueryDoctorScope.Begin("profile");
        var user = context.Users.Include(u => u.Followers).Include(u => u.Followings).AsSingleQuery().Single(u => u.Id == 1);
        both.Dispose();
        Assert.Equal(5, user.Followers.Count);
        Assert.Equal(3, user.Followings.Count);
        var finding = One(ReportOf(both), RuleIds.CartesianExplosion);
        Assert.Contains("User.Followers", finding.Message, StringComparison.Ordinal);
        Assert.Contains("User.Followings", finding.Message, StringComparison.Ordinal);

        using var other = Db.Context(Capture);
        var one = QueryDoctorScope.Begin("followers");
        _ = other.Users.Include(u => u.Followers).AsSingleQuery().Single(u => u.Id == 1);
        one.Dispose();
        Assert.Empty(ReportOf(one).Findings);

        using var split = Db.Context(Capture);
        var splitScope = QueryDoctorScope.Begin("split");
        _ = split.Users.Include(u => u.Followers).Include(u => u.Followings).AsSplitQuery().Single(u => u.Id == 1);
        splitScope.Dispose();
        Assert.Empty(ReportOf(splitScope).Findings);
    }

    [Fact]
    public async Task SharedMethodInLoop_FindingCarriesDistinctValuesAndTheLoopAsCaller()
    {
        await using var context = Db.Context(Capture);
        var repository = new BlogRepository(context);
        var scope = QueryDoctorScope.Begin("author names");
        foreach (var post in await context.Posts.AsNoTracking().OrderBy(p => p.Id).ToListAsync(TestContext.Current.CancellationToken))
        {
            _ = await repository.GetNameAsync(post.AuthorId);
        }

        scope.Dispose();
        var finding = One(ReportOf(scope), "n-plus-one");
        Assert.Equal(BlogDatabase.Users, finding.DistinctValues);
        Assert.Contains("(50 executions, 20 distinct values: 30 repeats)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("BlogRepository.GetNameAsync", finding.CallSite, StringComparison.Ordinal);
        var caller = Assert.Single(finding.Callers!, c => c.Contains(nameof(SharedMethodInLoop_FindingCarriesDistinctValuesAndTheLoopAsCaller), StringComparison.Ordinal));
        Assert.Contains("LivePrecisionTests.cs:", caller, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(JsonText(finding));
        var written = json.RootElement.GetProperty("findings")[0];
        Assert.Equal(20, written.GetProperty("distinctValues").GetInt32());
        Assert.Equal(caller, written.GetProperty("callers")[0].GetString());
    }

    [Fact]
    public void SuppressBlock_SilencesItsRuleInside_NotOutside()
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin("warm-up");
        using (QueryDoctorScope.Suppress("warms the cache on purpose", RuleIds.NPlusOne))
        {
            foreach (var blog in context.Blogs.AsNoTracking().ToList())
            {
                _ = context.Posts.AsNoTracking().Where(p => p.BlogId == blog.Id).ToList();
            }
        }

        scope.Dispose();
        var report = ReportOf(scope);
        Assert.Empty(report.Findings);
        var suppressed = Assert.Single(report.Suppressed);
        Assert.Equal("n-plus-one", suppressed.Finding.Rule);
        Assert.Equal("QueryDoctorScope.Suppress (warms the cache on purpose)", suppressed.By);

        // The same loop, one iteration outside the block, and a block for another rule: reported.
        var partly = QueryDoctorScope.Begin("partly");
        var blogs = context.Blogs.AsNoTracking().ToList();
        void Load(int blogId) => _ = context.Posts.AsNoTracking().Where(p => p.BlogId == blogId).ToList();
        Load(blogs[0].Id);
        using (QueryDoctorScope.Suppress("other rule", RuleIds.DuplicateQuery))
        {
            using (QueryDoctorScope.Suppress("inner", RuleIds.NPlusOne))
            {
                foreach (var blog in blogs.Skip(1))
                {
                    Load(blog.Id);
                }
            }
        }

        partly.Dispose();
        Assert.Equal("n-plus-one", One(ReportOf(partly), "n-plus-one").Rule);
    }

    [Fact]
    public void ReportFor_ScopeWithoutStatements_IsEmptyNotNull()
    {
        var scope = QueryDoctorScope.Begin("nothing");
        Assert.Null(scope.ReportFor(Capture));
        scope.Dispose();
        var report = scope.ReportFor(Capture);
        Assert.NotNull(report);
        Assert.Empty(report.Findings);
        Assert.Equal(0, report.Scope.StatementCount);
        Assert.Equal("nothing", report.Name);
    }

    [Fact]
    public void StrictPreset_FlagsALoopOfTwo()
    {
        using var strict = new QueryCapture(new QueryDoctorOptions { Detection = CaptureTestBase.Untimed(DetectionOptions.Strict()) });
        using var context = Db.Context(strict);
        var scope = QueryDoctorScope.Begin("two");
        foreach (var blog in context.Blogs.AsNoTracking().Take(2).ToList())
        {
            _ = context.Posts.AsNoTracking().Where(p => p.BlogId == blog.Id).ToList();
        }

        scope.Dispose();
        Assert.Equal(2, One(scope.ReportFor(strict)!, "n-plus-one").Count);
        Assert.Equal("cartesian-explosion", RuleIds.CartesianExplosion);
    }

    private static string JsonText(Finding finding) => JsonReportWriter.ToJson(new AnalysisReport { Findings = [finding] });
}

public sealed class SqliteLivePrecisionTests : LivePrecisionTests
{
}

public sealed class PostgresLivePrecisionTests : LivePrecisionTests
{
    protected override async Task<BlogDatabase> CreateDatabaseAsync() => await PostgresBlogDatabase.CreateAsync();
}
