using System.Text;
using QueryDoctor.Reporting;
using Shouldly;

namespace QueryDoctor.Tests.Reporting;

public sealed class FindingBaselineTests
{
    private static Finding NPlusOne(string callSite, string scope = "GET /blogs", string fingerprint = "abc") => new()
    {
        Rule = "n-plus-one",
        Severity = Severity.Warning,
        Message = "posts queried 4 times at " + callSite,
        Scope = scope,
        Fingerprint = fingerprint,
        CallSite = callSite,
        Table = "posts",
        Columns = ["blog_id"],
        Count = 4,
    };

    [Theory]
    [InlineData("Blogs.Index (src/Blogs.cs:25)", "Blogs.Index (src/Blogs.cs)")]
    [InlineData("src/Blogs.cs:25", "src/Blogs.cs")]
    [InlineData("Blogs.Index in /src/Blogs.cs:line 25", "Blogs.Index in /src/Blogs.cs")]
    [InlineData("Blogs.Index", "Blogs.Index")]
    [InlineData("Worker 42", "Worker 42")]
    [InlineData("  ", null)]
    public void WithoutLine_DropsOnlyTheLineNumber(string callSite, string? expected) =>
        FindingBaseline.WithoutLine(callSite).ShouldBe(expected);

    [Fact]
    public void Contains_SameFindingOnAnotherLineWithOtherCounts_IsBaselined()
    {
        var baseline = FindingBaseline.From([NPlusOne("Blogs.Index (src/Blogs.cs:25)")]);

        baseline.Contains(NPlusOne("Blogs.Index (src/Blogs.cs:31)") with { Count = 40, Message = "other" }).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Blogs.Comments (src/Blogs.cs:25)", "GET /blogs", "abc")]
    [InlineData("Blogs.Index (src/Blogs.cs:25)", "GET /posts", "abc")]
    [InlineData("Blogs.Index (src/Blogs.cs:25)", "GET /blogs", "def")]
    public void Contains_AnotherCallSiteScopeOrStatement_IsNew(string callSite, string scope, string fingerprint)
    {
        var baseline = FindingBaseline.From([NPlusOne("Blogs.Index (src/Blogs.cs:25)")]);

        baseline.Contains(NPlusOne(callSite, scope, fingerprint)).ShouldBeFalse();
    }

    [Fact]
    public void Contains_DatabaseFinding_MatchesOnTableAndColumnsWhateverTheCase()
    {
        var finding = new Finding { Rule = "unindexed-foreign-key", Severity = Severity.Warning, Message = "m", Table = "Orders", Columns = ["CustomerId"] };
        var baseline = FindingBaseline.From([finding]);

        baseline.Contains(finding with { Table = "orders", Columns = ["customerid"] }).ShouldBeTrue();
        baseline.Contains(finding with { Columns = ["StoreId"] }).ShouldBeFalse();
        baseline.Contains(finding with { Rule = "redundant-index" }).ShouldBeFalse();
    }

    [Fact]
    public void SaveAndLoad_RoundTrip_KeepsEveryEntry()
    {
        var findings = new[] { NPlusOne("A.cs:1"), NPlusOne("B.cs:2", fingerprint: "x"), NPlusOne("A.cs:9") };
        var path = Path.Combine(Path.GetTempPath(), "qd-" + Guid.NewGuid().ToString("N") + ".json");

        FindingBaseline.From(findings).Save(path);
        var loaded = FindingBaseline.Load(path);

        loaded.Count.ShouldBe(2); // A.cs:1 and A.cs:9 are one call site once lines are dropped
        findings.ShouldAllBe(f => loaded.Contains(f));
        loaded.Contains(NPlusOne("C.cs:1")).ShouldBeFalse();
    }

    [Fact]
    public void Partition_SplitsNewFromBaselinedInOrder()
    {
        var baseline = FindingBaseline.From([NPlusOne("A.cs:1")]);
        var run = new[] { NPlusOne("B.cs:1"), NPlusOne("A.cs:3"), NPlusOne("C.cs:1") };

        var (fresh, known) = baseline.Partition(run);

        fresh.Select(f => f.CallSite).ShouldBe(["B.cs:1", "C.cs:1"]);
        known.Select(f => f.CallSite).ShouldBe(["A.cs:3"]);
    }

    [Fact]
    public void ApplyBaseline_MovesKnownFindingsOutOfTheFailingList()
    {
        var report = new AnalysisReport { Findings = [NPlusOne("A.cs:1"), NPlusOne("B.cs:1")] };

        var applied = report.ApplyBaseline(FindingBaseline.From([NPlusOne("A.cs:2")]));

        applied.HasBaseline.ShouldBeTrue();
        applied.Findings.Select(f => f.CallSite).ShouldBe(["B.cs:1"]);
        applied.Baselined.Select(f => f.CallSite).ShouldBe(["A.cs:1"]);
        applied.HighestSeverity.ShouldBe(Severity.Warning);
        report.ApplyBaseline(FindingBaseline.From(report.Findings)).HighestSeverity.ShouldBeNull();
    }

    [Fact]
    public void Read_UnknownFieldsAndMissingVersion_AreAccepted()
    {
        var json = """{"findings":[{"rule":"n-plus-one","scope":"GET /blogs","fingerprint":"abc","callSite":"Blogs.Index (src/Blogs.cs)","table":"posts","columns":["blog_id"],"note":"why"}],"extra":1}""";

        var baseline = FindingBaseline.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        baseline.Contains(NPlusOne("Blogs.Index (src/Blogs.cs:7)")).ShouldBeTrue();
    }
}
