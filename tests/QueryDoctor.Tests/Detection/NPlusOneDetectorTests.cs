using QueryDoctor.Detection;
using QueryDoctor.Rules;
using static QueryDoctor.Tests.Detection.ScopeFixture;

namespace QueryDoctor.Tests.Detection;

public sealed class NPlusOneDetectorTests
{
    private const string PostsByBlog = "SELECT \"p\".\"id\", \"p\".\"title\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @__blogId_0";
    private const string Site = "Blog.Web.BlogsController.Index (BlogsController.cs:25)";

    [Fact]
    public void Detect_ThreeQueriesPerItemFromOneCallSite_OneFindingWithEvidence()
    {
        var findings = Analyze(Loop(3, i => Q(PostsByBlog, [i], Site, ms: 0.5)));

        var finding = Assert.Single(findings);
        Assert.Equal(RuleIds.NPlusOne, finding.Rule);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal(3, finding.Count);
        Assert.Equal("posts", finding.Table);
        Assert.Equal(["blog_id"], finding.Columns!);
        Assert.Equal(Site, finding.CallSite);
        Assert.Equal(1.5, finding.DurationMs);
        Assert.Equal("GET /test", finding.Scope);
        Assert.Contains("IN (", finding.Suggestion, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(finding.Fingerprint));
    }

    [Fact]
    public void Detect_TwoIterations_Clean() =>
        Assert.Empty(Analyze(Loop(2, i => Q(PostsByBlog, [i], Site))));

    [Fact]
    public void Detect_OffsetPagingLoop_Clean()
    {
        const string page = "SELECT c.id FROM comments AS c ORDER BY c.id LIMIT @p0 OFFSET @p1";
        Assert.Empty(Analyze(Loop(8, i => Q(page, [500, i * 500], Site, rows: 500))));
    }

    [Fact]
    public void Detect_KeysetPagingLoop_Clean()
    {
        const string page = "SELECT c.id FROM comments AS c WHERE c.id > @last ORDER BY c.id LIMIT 500";
        Assert.Empty(Analyze(Loop(8, i => Q(page, [i * 500], Site, rows: 500))));
    }

    [Fact]
    public void Detect_LimitOnePerItem_IsNPlusOne()
    {
        const string latest = "SELECT c.id FROM comments AS c WHERE c.post_id = @p0 ORDER BY c.created_at DESC LIMIT 1";
        var finding = Assert.Single(Analyze(Loop(5, i => Q(latest, [i], Site))));
        Assert.Equal(RuleIds.NPlusOne, finding.Rule);
        Assert.Equal("comments", finding.Table);
    }

    [Fact]
    public void Detect_RangeOnAnotherColumnThanOrderBy_IsNotPagination()
    {
        const string sql = "SELECT e.id FROM events AS e WHERE e.calendar_id = @c AND e.start_time > @t ORDER BY e.id LIMIT 10";
        Assert.Single(Analyze(Loop(4, i => Q(sql, [i, "2026-01-01"], Site))).Rule(RuleIds.NPlusOne));
    }

    [Fact]
    public void Detect_SameValuesEveryTime_IsDuplicateNotNPlusOne()
    {
        var findings = Analyze(Loop(3, _ => Q(PostsByBlog, [7], Site)));
        Assert.Empty(findings.Rule(RuleIds.NPlusOne));
        Assert.Equal(3, Assert.Single(findings.Rule(RuleIds.DuplicateQuery)).Count);
    }

    [Fact]
    public void Detect_RepeatedValuesInsideAnNPlusOne_NPlusOneOnly()
    {
        var values = new[] { 1, 2, 1, 3, 2, 4 };
        var findings = Analyze(values.Select(v => Q(PostsByBlog, [v], Site)));
        Assert.Equal(6, Assert.Single(findings.Rule(RuleIds.NPlusOne)).Count);
        Assert.Empty(findings.Rule(RuleIds.DuplicateQuery));
    }

    [Fact]
    public void Detect_TwoCallSites_CountedSeparately()
    {
        var events = Loop(2, i => Q(PostsByBlog, [i], "A.cs:1")).Concat(Loop(2, i => Q(PostsByBlog, [i + 10], "B.cs:2")));
        Assert.Empty(Analyze(events).Rule(RuleIds.NPlusOne));
    }

    [Fact]
    public void Detect_NoCallSites_AllCountAsOneUnknownLocation()
    {
        var finding = Assert.Single(Analyze(Loop(4, i => Q(PostsByBlog, [i]))));
        Assert.Equal(RuleIds.NPlusOne, finding.Rule);
        Assert.Null(finding.CallSite);
    }

    [Fact]
    public void Detect_UnknownParameterValues_CountAsDifferent()
    {
        var finding = Assert.Single(Analyze(Loop(3, _ => Q(PostsByBlog, values: null, Site))));
        Assert.Equal(RuleIds.NPlusOne, finding.Rule);
    }

    [Fact]
    public void Detect_LiteralInlinedSql_ValuesAreTheLiterals()
    {
        var differing = Analyze(Loop(3, i => Q($"SELECT * FROM posts WHERE blog_id = {i}", site: Site)));
        Assert.Equal(3, Assert.Single(differing.Rule(RuleIds.NPlusOne)).Count);

        var same = Analyze(Loop(3, _ => Q("SELECT * FROM posts WHERE blog_id = 7", site: Site)));
        Assert.Empty(same.Rule(RuleIds.NPlusOne));
        Assert.Single(same.Rule(RuleIds.DuplicateQuery));
    }

    [Fact]
    public void Detect_DifferentQuotingAndWhitespace_SameShape()
    {
        var events = new[]
        {
            Q("SELECT \"p\".\"id\" FROM \"posts\" AS \"p\" WHERE \"p\".\"blog_id\" = @b", [1], Site),
            Q("select p.id   from posts as p where p.blog_id = @b", [2], Site),
            Q("SELECT [p].[id] FROM [posts] AS [p] WHERE [p].[blog_id] = @b", [3], Site),
        };
        Assert.Single(Analyze(events).Rule(RuleIds.NPlusOne));
    }

    [Fact]
    public void Detect_ThresholdOption_Honoured()
    {
        var options = new DetectionOptions { NPlusOneThreshold = 5 };
        Assert.Empty(Analyze(Loop(4, i => Q(PostsByBlog, [i], Site)), options));
        Assert.Single(Analyze(Loop(5, i => Q(PostsByBlog, [i], Site)), options));
    }

    [Fact]
    public void Detect_Writes_AreNotNPlusOneQueries()
    {
        var findings = Analyze(Loop(3, i => Q("UPDATE posts SET title = @t WHERE id = @id", [$"t{i}", i], Site)));
        Assert.Empty(findings.Rule(RuleIds.NPlusOne));
    }
}
