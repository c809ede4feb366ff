using QueryDoctor.Recording;
using QueryDoctor.Rules;
using System.Text;
using System.Text.Json;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Reporting;

namespace QueryDoctor.Tests.Analysis;

public sealed class ScopeInstanceAnalysisTests
{
    [Fact]
    public void Analyze_InterleavedInstancesOnlySomeWithNPlusOne_OneFindingInTwoOfFour()
    {
        var report = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(RuleIds.NPlusOne, finding.Rule);
        Assert.Equal("GET /blogs", finding.Scope);
        Assert.Equal(2, finding.Occurrences);
        Assert.Equal(4, finding.Instances);
        Assert.Equal(5, finding.Count);
        Assert.Equal(["r1", "r3"], finding.Examples);
        Assert.EndsWith("; in 2 of 4 GET /blogs requests, up to 5 times", finding.Message, StringComparison.Ordinal);
        Assert.Equal(4, report.ScopeInstances);
        Assert.Equal(12, report.EventCount);
        var summary = Assert.Single(report.ScopeSummaries);
        Assert.Equal(4, summary.Instances);
        Assert.Equal(3, summary.QueriesMedian);
        Assert.Equal(5, summary.QueriesP95);
    }

    [Fact]
    public void Analyze_SameQueryOnceInEachRequest_NoDuplicateAcrossRequests()
    {
        var log = new InstanceLog();
        foreach (var request in new[] { "a", "b", "c" })
        {
            log.Query("GET /user", request, "SELECT * FROM persons WHERE username = @id", "\"ann\"", "Users.cs:10");
        }

        foreach (var request in new[] { "a", "b", "c" })
        {
            log.End("GET /user", request);
        }

        var withIds = log.Analyze();
        var withoutIds = InstanceLog.Analyze(log.ToString().Replace(",\"scopeId\":\"a\"", "", StringComparison.Ordinal)
            .Replace(",\"scopeId\":\"b\"", "", StringComparison.Ordinal).Replace(",\"scopeId\":\"c\"", "", StringComparison.Ordinal)
            .Split('\n').Where(l => !l.Contains("\"type\":\"scope\"", StringComparison.Ordinal)).Aggregate("", (all, l) => all + l + "\n"));

        Assert.Empty(withIds.Findings);
        Assert.Equal(3, withIds.ScopeInstances);
        // The old meaning without scopeId: one instance of three identical statements.
        var duplicate = Assert.Single(withoutIds.Findings);
        Assert.Equal(RuleIds.DuplicateQuery, duplicate.Rule);
        Assert.Equal(1, withoutIds.ScopeInstances);
        Assert.Equal(1, duplicate.Instances);
        Assert.DoesNotContain(" of 1 ", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_LinesAfterScopeLine_CountedLateNotJudged()
    {
        var log = new InstanceLog()
            .Query("GET /blogs", "r1", InstanceLog.PostsByBlog, 1)
            .End("GET /blogs", "r1");
        for (var i = 2; i < 8; i++)
        {
            log.Query("GET /blogs", "r1", InstanceLog.PostsByBlog, i);
        }

        log.End("GET /blogs", "r1");

        var report = log.Analyze();

        Assert.Empty(report.Findings);
        Assert.Equal(7, report.LateEvents);
        Assert.Equal(1, report.ScopeInstances);
        Assert.Equal(1, report.EventCount);
        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        Assert.Equal(7, json.RootElement.GetProperty("summary").GetProperty("late").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("scopeInstances").GetInt32());
    }

    [Fact]
    public void Analyze_MoreOpenInstancesThanTheBound_LeastRecentJudgedEarlyAndCounted()
    {
        var log = new InstanceLog();
        for (var i = 0; i < 4; i++)
        {
            log.Query("GET /blogs", "r1", InstanceLog.PostsByBlog, i);
            log.Query("GET /blogs", "r2", InstanceLog.PostsByBlog, i);
        }

        log.End("GET /blogs", "r1").End("GET /blogs", "r2");

        var unbounded = log.Analyze();
        var bounded = log.Analyze(maxOpen: 1);

        Assert.Equal(0, unbounded.JudgedEarly);
        Assert.Equal(2, Assert.Single(unbounded.Findings).Occurrences);
        // With one open instance, r1 is pushed out (judged with one statement) by r2's first line; r1's later
        // lines (three statements and its scope line) are late, r2 keeps its four and ends normally.
        Assert.Equal(1, bounded.JudgedEarly);
        Assert.Equal(4, bounded.LateEvents);
        var finding = Assert.Single(bounded.Findings);
        Assert.Equal(1, finding.Occurrences);
        Assert.Equal(2, finding.Instances);
        Assert.Equal(["r2"], finding.Examples);
        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(bounded));
        Assert.Equal(bounded.JudgedEarly, json.RootElement.GetProperty("summary").GetProperty("judgedEarly").GetInt64());
    }

    [Fact]
    public void Analyze_ScopeLineWithoutStatements_StillJudgedForSlowScope()
    {
        var report = new InstanceLog().End("GET /slow", "s1", durationMs: 2500).Analyze();

        var finding = Assert.Single(report.Findings);
        Assert.Equal(RuleIds.SlowScope, finding.Rule);
        Assert.Equal(1, report.ScopeInstances);
    }

    [Fact]
    public void Analyze_InstancesInSeveralFiles_MergeByScopeAndId()
    {
        var paths = new[] { Path.GetTempFileName(), Path.GetTempFileName() };
        try
        {
            var first = new InstanceLog();
            var second = new InstanceLog();
            for (var i = 0; i < 3; i++)
            {
                first.Query("job:sync", "7", InstanceLog.PostsByBlog, i);
                second.Query("job:sync", "7", InstanceLog.PostsByBlog, i + 3);
            }

            second.End("job:sync", "7");
            File.WriteAllText(paths[0], first.ToString());
            File.WriteAllText(paths[1], second.ToString());

            var report = EventLogAnalysis.Run(paths);

            var finding = Assert.Single(report.Findings);
            Assert.Equal(6, finding.Count);
            Assert.Equal(1, report.ScopeInstances);
        }
        finally
        {
            foreach (var path in paths)
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void Snapshot_WhileInstancesArrive_ReflectsOnlyThoseAddedAndDoesNotChangeLater()
    {
        var analyzer = new ScopeInstanceAnalyzer();
        AnalysisReport? early = null;
        for (var i = 0; i < 4; i++)
        {
            var builder = new QueryScopeBuilder("GET /a") { ScopeId = "i" + i };
            for (var j = 0; j < 4; j++)
            {
                builder.Add(new QueryEvent { Sql = "SELECT * FROM t WHERE id = @p", Parameters = [new QueryParameter("@p", j)], CallSite = CallSite.FromText("A.cs:1") });
            }

            analyzer.Add(builder.Build());
            if (i == 1)
            {
                early = analyzer.Snapshot();
            }
        }

        var late = analyzer.Snapshot();

        Assert.NotNull(early);
        Assert.Equal(2, Assert.Single(early.Findings).Instances);
        Assert.Equal(4, Assert.Single(late.Findings).Instances);
        Assert.Equal(4, late.Findings[0].Occurrences);
        Assert.Equal(["i0", "i1", "i2"], late.Findings[0].Examples);
    }

    [Fact]
    public void Add_ConcurrentInstances_EveryInstanceCounted()
    {
        var analyzer = new ScopeInstanceAnalyzer();
        Parallel.For(0, 200, i =>
        {
            var builder = new QueryScopeBuilder("GET /p") { ScopeId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var repeats = i % 2 == 0 ? 3 : 1;
            for (var j = 0; j < repeats; j++)
            {
                builder.Add(new QueryEvent { Sql = "SELECT * FROM t WHERE id = @p", Parameters = [new QueryParameter("@p", j)] });
            }

            analyzer.Add(builder.Build());
            _ = analyzer.Snapshot();
        });

        var report = analyzer.Snapshot();
        Assert.Equal(200, report.ScopeInstances);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(100, finding.Occurrences);
        Assert.Equal(200, finding.Instances);
    }

    [Fact]
    public void ApplyBaseline_SameProblemInOtherRequests_NoNewFindings()
    {
        var before = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze();
        var afterLog = InstanceLog.FourRequestsTwoWithNPlusOne().ToString()
            .Replace("\"r1\"", "\"x9\"", StringComparison.Ordinal).Replace("\"r3\"", "\"x7\"", StringComparison.Ordinal);
        var after = InstanceLog.Analyze(afterLog);

        var baseline = FindingBaseline.From(before.Findings);
        var judged = after.ApplyBaseline(baseline);

        Assert.Empty(judged.Findings);
        Assert.Single(judged.Baselined);
    }

    [Fact]
    public void ApplySuppressions_AggregatedFinding_SuppressedOnce()
    {
        var options = new DetectionOptions();
        options.Suppress(Suppression.ForRule("n-plus-one"));
        var report = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze(options: options);

        Assert.Empty(report.Findings);
        var suppressed = Assert.Single(report.Suppressed);
        Assert.Equal(2, suppressed.Finding.Occurrences);
    }

    [Fact]
    public void Compare_PerInstanceMedianAndP95_BeforeAndAfter()
    {
        var before = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze();
        var afterLog = new InstanceLog();
        foreach (var request in new[] { "a", "b", "c", "d" })
        {
            afterLog.Query("GET /blogs", request, "SELECT * FROM posts WHERE blog_id IN (@id)", 1).End("GET /blogs", request, durationMs: 1);
        }

        var row = Assert.Single(WorkloadComparison.Compare(before, afterLog.Analyze()));

        Assert.Equal(4, row.Before!.Instances);
        Assert.Equal(3, row.Before.QueriesMedian);
        Assert.Equal(5, row.Before.QueriesP95);
        Assert.Equal(3, row.Before.Milliseconds);
        Assert.Equal(1, row.After!.QueriesMedian);
        Assert.Equal(1, row.After.QueriesP95);
        Assert.Equal(1, row.After.Milliseconds);
        Assert.Equal(["n-plus-one"], row.Before.Findings);
        Assert.Empty(row.After.Findings);
    }

    public static TheoryData<string> ScenarioFiles() => ["blog-index-n-plus-one.jsonl", "export-pagination-clean.jsonl", "settings-duplicate.jsonl"];

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public void Run_ScenarioWithoutScopeIds_ExpectedFindingsAsBefore(string file)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Analysis", "Scenarios");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")));
        var report = EventLogAnalysis.Run([Path.Combine(folder, file)]);
        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var wanted = expected.RootElement.GetProperty(file).EnumerateArray().ToList();

        if (wanted.Count == 0)
        {
            Assert.Empty(findings);
        }

        foreach (var want in wanted)
        {
            Assert.Contains(findings, f => want.EnumerateObject().All(p =>
                f.TryGetProperty(p.Name, out var value) && value.ToString() == p.Value.ToString()));
        }

        Assert.All(findings, f => Assert.DoesNotContain(" of 1 ", f.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("late").GetInt32());
    }
}
