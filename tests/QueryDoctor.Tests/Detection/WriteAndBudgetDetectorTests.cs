using QueryDoctor.Detection;
using QueryDoctor.Rules;
using static QueryDoctor.Tests.Detection.ScopeFixture;

namespace QueryDoctor.Tests.Detection;

public sealed class NPlusOneWriteDetectorTests
{
    private const string Insert = "INSERT INTO \"votes\" (\"user_id\", \"list_item_id\") VALUES (@p0, @p1) RETURNING \"id\";";

    [Fact]
    public void Detect_ThreeSeparateInserts_Fires()
    {
        var finding = Assert.Single(Analyze(Loop(3, i => Q(Insert, [i, 1], "Votes.cs:9"))).Rule(RuleIds.NPlusOneWrite));
        Assert.Equal(3, finding.Count);
        Assert.Equal("votes", finding.Table);
        Assert.Contains("AddRange", finding.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_FiftyInsertsInOneBatch_Clean()
    {
        var findings = Analyze(Loop(50, i => Q(Insert, [i, 1], "Votes.cs:9", batch: "save-1")));
        Assert.Empty(findings);
    }

    [Fact]
    public void Detect_ThreeBatches_CountsRoundTrips()
    {
        var events = Loop(30, i => Q(Insert, [i, 1], "Votes.cs:9", batch: "save-" + (i % 3)));
        Assert.Equal(3, Assert.Single(Analyze(events).Rule(RuleIds.NPlusOneWrite)).Count);
    }

    [Fact]
    public void Detect_UpdateAndDeleteLoops_SuggestSetBasedStatements()
    {
        var updates = Analyze(Loop(3, i => Q("UPDATE projects SET status = @s WHERE id = @id", ["done", i], "Jobs.cs:3")));
        Assert.Contains("ExecuteUpdate", Assert.Single(updates.Rule(RuleIds.NPlusOneWrite)).Suggestion, StringComparison.Ordinal);
        var deletes = Analyze(Loop(3, i => Q("DELETE FROM assets WHERE id = @id", [i], "Jobs.cs:4")));
        Assert.Contains("ExecuteDelete", Assert.Single(deletes.Rule(RuleIds.NPlusOneWrite)).Suggestion, StringComparison.Ordinal);
    }
}

public sealed class TooManyQueriesDetectorTests
{
    [Fact]
    public void Detect_ThirtyStatements_Clean() =>
        Assert.Empty(Analyze(Loop(30, i => Q($"SELECT * FROM t{i} WHERE id = @p", [i]))).Rule(RuleIds.TooManyQueries));

    [Fact]
    public void Detect_ThirtyOneStatements_FiresWithCount()
    {
        var finding = Assert.Single(Analyze(Loop(31, i => Q($"SELECT * FROM t{i} WHERE id = @p", [i]))).Rule(RuleIds.TooManyQueries));
        Assert.Equal(31, finding.Count);
    }

    [Fact]
    public void Detect_BatchCountsOnce()
    {
        var events = Loop(40, i => Q("INSERT INTO t (a) VALUES (@p)", [i], batch: "one"));
        Assert.Empty(Analyze(events).Rule(RuleIds.TooManyQueries));
    }
}

public sealed class SlowDetectorTests
{
    [Fact]
    public void Detect_AtThreshold_Fires_BelowIsClean()
    {
        Assert.Empty(Analyze([Q("SELECT * FROM a WHERE id = 1", ms: 499.9)]).Rule(RuleIds.SlowQuery));
        var finding = Assert.Single(Analyze([Q("SELECT * FROM a WHERE id = 1", site: "A.cs:1", ms: 500)]).Rule(RuleIds.SlowQuery));
        Assert.Equal(500, finding.DurationMs);
        Assert.Equal("a", finding.Table);
        Assert.Equal("A.cs:1", finding.CallSite);
    }

    [Fact]
    public void Detect_OneFindingPerFingerprint_AcrossCallSites()
    {
        var events = new[]
        {
            Q("SELECT * FROM a WHERE id = @p", [1], "A.cs:1", ms: 600),
            Q("SELECT * FROM a WHERE id = @p", [2], "B.cs:2", ms: 900),
            Q("SELECT * FROM b WHERE id = @p", [2], "B.cs:2", ms: 10),
        };
        var finding = Assert.Single(Analyze(events).Rule(RuleIds.SlowQuery));
        Assert.Equal(2, finding.Count);
        Assert.Equal(900, finding.DurationMs);
        Assert.Equal("B.cs:2", finding.CallSite);
        Assert.Equal(["A.cs:1"], finding.OtherCallSites!);
    }

    [Fact]
    public void Detect_SlowScope_FromScopeDuration()
    {
        Assert.Empty(Analyze([Q("SELECT 1")], scopeMs: 999).Rule(RuleIds.SlowScope));
        var finding = Assert.Single(Analyze([Q("SELECT 1", ms: 2)], scopeMs: 1000).Rule(RuleIds.SlowScope));
        Assert.Equal(1000, finding.DurationMs);
    }

    [Fact]
    public void Detect_SlowQueryThresholdOption_Honoured()
    {
        var options = new DetectionOptions();
        options.SetThreshold(RuleIds.SlowQuery, 100);
        Assert.Single(Analyze([Q("SELECT * FROM a", ms: 150)], options).Rule(RuleIds.SlowQuery));
    }
}

public sealed class UnboundedResultDetectorTests
{
    [Fact]
    public void Detect_NoLimitAndManyRows_Fires()
    {
        var finding = Assert.Single(Analyze([Q("SELECT * FROM projects", site: "P.cs:1", rows: 1000)]).Rule(RuleIds.UnboundedResult));
        Assert.Equal(1000, finding.Rows);
        Assert.Equal("projects", finding.Table);
    }

    [Theory]
    [InlineData("SELECT * FROM projects", 999)]
    [InlineData("SELECT * FROM projects LIMIT 5000", 999)]
    [InlineData("SELECT TOP(5000) * FROM projects", 20)]
    [InlineData("UPDATE projects SET status = 1", 5000)]
    public void Detect_BoundedOrFewRowsOrWrite_Clean(string sql, long rows) =>
        Assert.Empty(Analyze([Q(sql, rows: rows)]).Rule(RuleIds.UnboundedResult));
}
