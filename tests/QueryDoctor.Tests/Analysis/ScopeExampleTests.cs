using System.Runtime.CompilerServices;
using QueryDoctor.Analysis;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Tests.Analysis;

public sealed class ScopeExampleTests
{
    [Fact]
    public void Analyze_StreamedLog_ExampleIsTheInstanceWithTheMostFindingsAndKeepsOnlyItsTimeline()
    {
        var report = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze();

        var example = Assert.Single(report.ScopeSummaries).Example;
        Assert.NotNull(example);
        // r1 and r3 both hold the N+1 (5 statements each); the first one judged is kept.
        Assert.Equal("r1", example.Instance.ScopeId);
        Assert.Equal(RuleIds.NPlusOne, Assert.Single(example.Findings).Rule);
        Assert.Equal(example.Instance.StatementCount, example.Instance.Timeline.Sum(e => e.Count));
        Assert.Empty(example.Instance.Groups);
        Assert.Empty(example.Instance.Events);
    }

    [Fact]
    public void Analyze_NoFindings_ExampleIsTheInstanceWithTheMostStatements()
    {
        var log = new InstanceLog();
        var sizes = new[] { ("a", 1), ("b", 2), ("c", 2) };
        foreach (var (request, statements) in sizes)
        {
            for (var i = 0; i < statements; i++)
            {
                log.Query("GET /x", request, $"SELECT * FROM t{i} WHERE id = @id", i);
            }

            log.End("GET /x", request);
        }

        var example = Assert.Single(log.Analyze().ScopeSummaries).Example;

        Assert.NotNull(example);
        Assert.Equal("b", example.Instance.ScopeId);
        Assert.Empty(example.Findings);
    }

    [Fact]
    public void Analyze_ThousandsOfLargeInstances_ExamplesBoundedPerScopeName()
    {
        const int names = 4;
        const int instances = 1_200;
        var log = new InstanceLog();
        for (var r = 0; r < instances; r++)
        {
            var scope = "GET /route" + (r % names);
            // Instances grow, so every later one replaces the example: what is kept must still be one per name.
            for (var i = 0; i < 3 + (r / 2); i++)
            {
                log.Query(scope, "r" + r, InstanceLog.PostsByBlog, i, "Blogs.cs:" + (i % 7));
            }

            log.End(scope, "r" + r);
        }

        var report = log.Analyze();

        Assert.Equal(instances, report.ScopeInstances);
        Assert.Equal(names, report.ScopeSummaries.Count);
        Assert.All(report.ScopeSummaries, s =>
        {
            Assert.NotNull(s.Example);
            Assert.True(s.Example.Instance.Timeline.Count <= ScopeTimeline.Capacity);
            Assert.Equal(s.Example.Instance.StatementCount, s.Example.Instance.Timeline.Sum(e => e.Count));
        });
        // The largest instance (602 statements, past the timeline's bound) is the example of its route.
        var largest = report.ScopeSummaries.Single(s => s.Name == "GET /route3").Example!.Instance;
        Assert.Equal("r1199", largest.ScopeId);
        Assert.Equal(3 + (1199 / 2), largest.StatementCount);
    }

    [Fact]
    public void Add_ManyInstances_NoInstanceObjectIsRetained()
    {
        var analyzer = new ScopeInstanceAnalyzer();
        var handed = new List<WeakReference>();
        for (var r = 0; r < 50; r++)
        {
            handed.Add(AddInstance(analyzer, "r" + r, 3 + r));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The analyzer kept a trimmed copy of the example, never the instances it was handed (groups, raw events).
        Assert.All(handed, reference => Assert.False(reference.IsAlive));
        var example = Assert.Single(analyzer.Snapshot().ScopeSummaries).Example!;
        Assert.Equal("r49", example.Instance.ScopeId);
        Assert.Equal(52, example.Instance.Timeline.Count);
    }

    [Fact]
    public void WriteHtml_StreamedLog_WaterfallOfTheExampleInstanceInItsScopeSection()
    {
        var report = InstanceLog.FourRequestsTwoWithNPlusOne().Analyze();

        var html = HtmlReportWriter.ToHtml(report);

        Assert.Contains("class=\"qd-waterfall\" id=\"waterfall-1\"", html, StringComparison.Ordinal);
        Assert.Contains("in example instance r1", html, StringComparison.Ordinal);
        Assert.Contains("data-rule=\"n-plus-one\"", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("<h2>GET /blogs</h2>", StringComparison.Ordinal) < html.IndexOf("qd-waterfall", StringComparison.Ordinal));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AddInstance(ScopeInstanceAnalyzer analyzer, string id, int statements)
    {
        var builder = new QueryScopeBuilder("GET /blogs") { ScopeId = id };
        for (var i = 0; i < statements; i++)
        {
            builder.Add(new QueryEvent { Sql = "SELECT * FROM posts WHERE blog_id = " + i, CallSite = CallSite.FromText("Blogs.cs:25"), Duration = TimeSpan.FromMilliseconds(0.2) });
        }

        var scope = builder.Build();
        analyzer.Add(scope);
        return new WeakReference(scope);
    }
}
