using QueryDoctor.Rules;
using QueryDoctor.Detection;
using static QueryDoctor.Tests.Detection.ScopeFixture;

namespace QueryDoctor.Tests.Detection;

/// <summary>Issue 21 in the offline rules: batching, polling, large pages, aggregates, distinct values, the strict preset.</summary>
public sealed class PrecisionDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NPlusOne_ChunkedInList_IsBatching_RepeatedChunkIsNot()
    {
        const string sql = "SELECT * FROM users WHERE id IN (@ids1, @ids2, @ids3)";
        var chunks = Analyze(Loop(5, i => Q(sql, [i * 3, (i * 3) + 1, (i * 3) + 2], "Import.cs:12")));
        Assert.Empty(chunks);

        var again = Analyze([.. Loop(3, i => Q(sql, [i, i + 10, i + 20], "Import.cs:12")), Q(sql, [1, 11, 21], "Import.cs:12")]);
        var finding = Assert.Single(again.Rule(RuleIds.NPlusOne));
        Assert.DoesNotContain("IN (…)", finding.Suggestion, StringComparison.Ordinal);
        Assert.Contains("already loaded by list", finding.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Polling_SameStatementWithGaps_NeitherDuplicateNorNPlusOne()
    {
        const string sql = "SELECT * FROM jobs WHERE status = @s LIMIT 10";
        var polls = Loop(5, i => Q(sql, ["pending"], "Worker.cs:30", ms: 2, at: T0.AddMilliseconds(i * 150)));
        Assert.Empty(Analyze(polls));
    }

    [Fact]
    public void Polling_GapBelowOption_StillDuplicate_OptionZeroSwitchesItOff()
    {
        const string sql = "SELECT * FROM jobs WHERE status = @s LIMIT 10";
        var quick = Loop(5, i => Q(sql, ["pending"], "Worker.cs:30", ms: 2, at: T0.AddMilliseconds(i * 50)));
        Assert.Single(Analyze(quick).Rule(RuleIds.DuplicateQuery));

        var slow = Loop(5, i => Q(sql, ["pending"], "Worker.cs:30", ms: 2, at: T0.AddMilliseconds(i * 150))).ToList();
        Assert.Single(Analyze(slow, new DetectionOptions { PollingGap = TimeSpan.Zero }).Rule(RuleIds.DuplicateQuery));
        Assert.Empty(Analyze(slow, new DetectionOptions { PollingGap = TimeSpan.FromMilliseconds(140) }));
        Assert.Single(Analyze(slow, new DetectionOptions { PollingGap = TimeSpan.FromMilliseconds(149) }).Rule(RuleIds.DuplicateQuery));
    }

    [Fact]
    public void Polling_SlowLoopOverDistinctItems_IsStillNPlusOne()
    {
        var loop = Loop(5, i => Q("SELECT * FROM orders WHERE id = @id", [i], "Orders.cs:9", ms: 1, at: T0.AddMilliseconds(i * 400)));
        Assert.Single(Analyze(loop).Rule(RuleIds.NPlusOne));
    }

    [Fact]
    public void UnboundedResult_LargePage_Fires_SmallPageDoesNot()
    {
        var page = Assert.Single(Analyze([Q("SELECT * FROM posts ORDER BY id LIMIT 5000", rows: 5000, site: "Feed.cs:3")]).Rule(RuleIds.UnboundedResult));
        Assert.Contains("with a row limit still read 5000 rows", page.Message, StringComparison.Ordinal);
        Assert.Contains("page size below 1000", page.Suggestion, StringComparison.Ordinal);
        Assert.Empty(Analyze([Q("SELECT * FROM posts ORDER BY id LIMIT 50", rows: 50)]).Rule(RuleIds.UnboundedResult));
    }

    [Theory]
    [InlineData("SELECT COUNT(*) FROM \"Posts\" AS \"p\" WHERE \"p\".\"BlogId\" = @id", "Posts counted 4 times by BlogId")]
    [InlineData("SELECT count(*)::int FROM \"Posts\" AS p WHERE p.\"BlogId\" = @id", "Posts counted 4 times by BlogId")]
    [InlineData("SELECT EXISTS (SELECT 1 FROM \"Comments\" AS \"c\" WHERE \"c\".\"PostId\" = @id)", "Comments checked for existence 4 times by PostId")]
    [InlineData("SELECT COALESCE(SUM(\"o\".\"Total\"), 0.0) FROM \"Orders\" AS \"o\" WHERE \"o\".\"CustomerId\" = @id", "Orders aggregated 4 times by CustomerId")]
    public void NPlusOne_AggregatePerItem_KeepsTheTable(string sql, string start)
    {
        var finding = Assert.Single(Analyze(Loop(4, i => Q(sql, [i], "Stats.cs:5"))).Rule(RuleIds.NPlusOne));
        Assert.StartsWith(start, finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the database", finding.Message + finding.Suggestion, StringComparison.Ordinal);
        Assert.DoesNotContain("the the", finding.Message + finding.Suggestion, StringComparison.Ordinal);
        Assert.Contains("GROUP BY", finding.Suggestion, StringComparison.Ordinal);
        Assert.NotNull(finding.Table);
    }

    [Fact]
    public void NPlusOne_CarriesDistinctValues_InFieldAndMessage()
    {
        var finding = Assert.Single(Analyze(Loop(50, i => Q("SELECT * FROM users WHERE id = @id", [i % 20], "Posts.cs:7"))).Rule(RuleIds.NPlusOne));
        Assert.Equal(20, finding.DistinctValues);
        Assert.EndsWith("(50 executions, 20 distinct values: 30 repeats)", finding.Message, StringComparison.Ordinal);

        var unknown = Assert.Single(Analyze(Loop(3, _ => Q("SELECT * FROM users WHERE id = @id", site: "Posts.cs:7"))).Rule(RuleIds.NPlusOne));
        Assert.Null(unknown.DistinctValues);
    }

    [Fact]
    public void Strict_FiresAtTwo()
    {
        var two = Loop(2, i => Q("SELECT * FROM users WHERE id = @id", [i], "Posts.cs:7")).ToList();
        Assert.Empty(Analyze(two).Rule(RuleIds.NPlusOne));
        var strict = DetectionOptions.Strict();
        Assert.Equal(2, strict.NPlusOneThreshold);
        Assert.Equal(2, strict.NPlusOneWriteThreshold);
        Assert.Single(Analyze(two, strict).Rule(RuleIds.NPlusOne));
        Assert.NotSame(strict, DetectionOptions.Strict());
    }
}
