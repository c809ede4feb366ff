using QueryDoctor.Detection;
using QueryDoctor.Rules;
using static QueryDoctor.Tests.Detection.ScopeFixture;

namespace QueryDoctor.Tests.Detection;

public sealed class DuplicateQueryDetectorTests
{
    private const string Setting = "SELECT s.key, s.value FROM settings AS s WHERE s.key = @__key_0";

    [Fact]
    public void Detect_IdenticalValuesFromTwoCallSites_DuplicateNotNPlusOne()
    {
        var findings = Analyze([Q(Setting, ["DateFormat"], "Format.cs:8"), Q(Setting, ["DateFormat"], "Layout.cs:40")]);
        var finding = Assert.Single(findings);
        Assert.Equal(RuleIds.DuplicateQuery, finding.Rule);
        Assert.Equal(2, finding.Count);
        Assert.Equal("settings", finding.Table);
        Assert.Equal("Format.cs:8", finding.CallSite);
        Assert.Equal(["Layout.cs:40"], finding.OtherCallSites!);
    }

    [Fact]
    public void Detect_DifferentValues_Clean() =>
        Assert.Empty(Analyze([Q(Setting, ["DateFormat"], "A.cs:1"), Q(Setting, ["TimeZone"], "A.cs:1")]));

    [Fact]
    public void Detect_UnknownValues_NeverDuplicate() =>
        Assert.Empty(Analyze([Q(Setting, null, "A.cs:1"), Q(Setting, null, "B.cs:1")]));

    [Fact]
    public void Detect_NoParametersAtAll_Duplicate() =>
        Assert.Single(Analyze([Q("SELECT count(*) FROM users"), Q("SELECT count(*) FROM users")]).Rule(RuleIds.DuplicateQuery));

    [Fact]
    public void Detect_RepeatInsideNPlusOnePlusOneOutside_Reported()
    {
        var loop = Loop(4, i => Q(Setting, [i == 1 ? "A" : "k" + i], "Loop.cs:1"));
        var findings = Analyze(loop.Append(Q(Setting, ["A"], "Other.cs:2")));
        Assert.Single(findings.Rule(RuleIds.NPlusOne));
        Assert.Equal(2, Assert.Single(findings.Rule(RuleIds.DuplicateQuery)).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void Detect_RepeatAcrossCallSitesAmongManyGroups_SameFindingAsInASmallScope(int otherShapes)
    {
        // Past 32 groups the shapes are matched through a dictionary instead of pairwise: the finding must not change.
        var others = Enumerable.Range(0, otherShapes).Select(i => Q($"SELECT id FROM t{i} WHERE id = @p", [i], $"Other{i}.cs:1"));
        var events = others
            .Append(Q(Setting, ["DateFormat"], "Format.cs:8"))
            .Append(Q(Setting, ["TimeZone"], "Format.cs:8"))
            .Append(Q(Setting, ["DateFormat"], "Layout.cs:40"))
            .Append(Q(Setting, ["TimeZone"], "Layout.cs:40"))
            .Append(Q(Setting, ["Culture"], "Footer.cs:3"));

        var finding = Assert.Single(Analyze(events).Rule(RuleIds.DuplicateQuery));

        Assert.Equal(4, finding.Count);
        Assert.Equal(3, finding.DistinctValues);
        Assert.Equal("Format.cs:8", finding.CallSite);
        Assert.Equal(["Layout.cs:40"], finding.OtherCallSites!);
        Assert.StartsWith("the same settings query ran 4 times with 2 repeated value sets from 2 call sites", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_PostgresArrayParameters_ComparedByValue()
    {
        const string sql = "SELECT * FROM t WHERE id = ANY($1)";
        var same = Analyze([Q(sql, [new[] { 1, 2, 3 }], "A.cs:1"), Q(sql, [new[] { 1, 2, 3 }], "A.cs:1")]);
        Assert.Single(same.Rule(RuleIds.DuplicateQuery));
        var different = Analyze([Q(sql, [new[] { 1, 2, 3 }], "A.cs:1"), Q(sql, [new[] { 1, 2, 4 }], "A.cs:1"), Q(sql, [new[] { 5 }], "A.cs:1")]);
        Assert.Empty(different.Rule(RuleIds.DuplicateQuery));
        Assert.Empty(different.Rule(RuleIds.NPlusOne)); // successive lists: batch loading, not N+1
        var repeated = Analyze([Q(sql, [new[] { 1, 2, 3 }], "A.cs:1"), Q(sql, [new[] { 4 }], "A.cs:1"), Q(sql, [new[] { 1, 2, 3 }], "A.cs:1")]);
        Assert.Single(repeated.Rule(RuleIds.NPlusOne));
    }
}

public sealed class CheckThenInsertDetectorTests
{
    private const string Check = "SELECT \"v\".\"id\" FROM \"votes\" AS \"v\" WHERE \"v\".\"user_id\" = @u AND \"v\".\"list_item_id\" = @i LIMIT 1";
    private const string Insert = "INSERT INTO \"votes\" (\"user_id\", \"list_item_id\", \"created_at\") VALUES (@p0, @p1, @p2)";

    [Fact]
    public void Detect_SelectThenInsertOfTheSameColumns_FiresWithUniqueIndexDdl()
    {
        var finding = Assert.Single(Analyze([Q(Check, [1, 2], "Votes.cs:10"), Q(Insert, [1, 2, "now"], "Votes.cs:14")]));
        Assert.Equal(RuleIds.CheckThenInsert, finding.Rule);
        Assert.Equal("votes", finding.Table);
        Assert.Equal(["user_id", "list_item_id"], finding.Columns!);
        Assert.Equal("CREATE UNIQUE INDEX ux_votes_user_id_list_item_id ON votes (user_id, list_item_id);", finding.Ddl);
        Assert.Equal("Votes.cs:14", finding.CallSite);
        Assert.Contains("IsUnique()", finding.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_InsertBeforeSelect_Clean() =>
        Assert.Empty(Analyze([Q(Insert, [1, 2, "now"]), Q(Check, [1, 2])]).Rule(RuleIds.CheckThenInsert));

    [Fact]
    public void Detect_InsertNotSettingAllCheckedColumns_Clean() =>
        Assert.Empty(Analyze([Q(Check, [1, 2]), Q("INSERT INTO votes (user_id) VALUES (@p0)", [1])]).Rule(RuleIds.CheckThenInsert));

    [Fact]
    public void Detect_InsertIntoAnotherTable_Clean() =>
        Assert.Empty(Analyze([Q(Check, [1, 2]), Q("INSERT INTO audit (user_id, list_item_id) VALUES (@a, @b)", [1, 2])]).Rule(RuleIds.CheckThenInsert));

    [Fact]
    public void Detect_TimestampsDecideOrder_WhenEveryEventHasOne()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var findings = Analyze([Q(Insert, [1, 2, "now"], at: t0.AddSeconds(1)), Q(Check, [1, 2], at: t0)]);
        Assert.Single(findings.Rule(RuleIds.CheckThenInsert));
    }
}
