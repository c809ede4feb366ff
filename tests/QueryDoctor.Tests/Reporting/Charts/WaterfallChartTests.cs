using System.Globalization;
using System.Xml.Linq;
using QueryDoctor.Detection;
using QueryDoctor.Recording;
using QueryDoctor.Reporting.Charts;
using QueryDoctor.Rules;

namespace QueryDoctor.Tests.Reporting.Charts;

public sealed class WaterfallChartTests
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_NPlusOneLoop_OneBarPerStatementAndTheLoopGroupedWithItsRule()
    {
        var lines = new List<Ev> { Line("GET /blogs", "SELECT id, name FROM blogs", "BlogsController.Index (BlogsController.cs:21)", 0, 2.0, null) };
        for (var i = 0; i < 30; i++)
        {
            lines.Add(Line("GET /blogs", "SELECT id, title FROM posts WHERE blog_id = @p0", "BlogsController.Index (BlogsController.cs:25)", 2.5 + (i * 0.5), 0.3, i));
        }

        var (scope, report) = Analyse(lines);
        var html = WaterfallChart.Render(scope, report.Findings);
        var figure = Parse(html);

        Assert.Equal("31", Attr(figure, "data-bars"));
        Assert.Equal("false", Attr(figure, "data-merged"));
        var bars = figure.Descendants(Svg("rect")).Where(r => Attr(r, "class") == "qd-bar").ToList();
        Assert.Equal(31, bars.Count);
        var group = Assert.Single(figure.Descendants(Svg("g")), g => Attr(g, "class") == "qd-group");
        Assert.Equal(RuleIds.NPlusOne, Attr(group, "data-rule"));
        Assert.Equal("30", Attr(group, "data-count"));
        Assert.Equal(30, group.Elements(Svg("rect")).Count());
        Assert.Equal("n-plus-one ×30", group.Elements(Svg("text")).Single().Value);

        // Bars sit on the time axis: the loop's bars start later one after another, all after the first statement.
        var xs = group.Elements(Svg("rect")).Select(r => double.Parse(Attr(r, "x"), CultureInfo.InvariantCulture)).ToList();
        Assert.True(xs.SequenceEqual(xs.Order()));
        Assert.True(xs[0] > double.Parse(Attr(bars.Single(b => Attr(b, "data-index") == "0"), "x"), CultureInfo.InvariantCulture));

        // Hover texts carry the shape and the call site; the text equivalent lists every bar.
        var hover = group.Elements(Svg("rect")).First().Element(Svg("title"))!.Value;
        Assert.Contains("select id, title from posts where blog_id = ?", hover, StringComparison.Ordinal);
        Assert.Contains("BlogsController.cs:25", hover, StringComparison.Ordinal);
        Assert.Equal(31, figure.Descendants("tbody").Single().Elements("tr").Count());
        Assert.Contains("31 statements", figure.Element("figcaption")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShapesColouredByFingerprint_SameShapeSameColourAndALegend()
    {
        var lines = new List<Ev>();
        for (var i = 0; i < 4; i++)
        {
            lines.Add(Line("job", "SELECT * FROM a WHERE id = @p0", "Job.Run (Job.cs:1)", i * 2, 0.5, i));
            lines.Add(Line("job", "SELECT * FROM b WHERE id = @p0", "Job.Run (Job.cs:2)", (i * 2) + 1, 0.5, i));
        }

        var (scope, report) = Analyse(lines);
        var figure = Parse(WaterfallChart.Render(scope, report.Findings));
        var fills = figure.Descendants(Svg("rect")).Where(r => Attr(r, "class") == "qd-bar")
            .GroupBy(r => Attr(r, "data-fingerprint")).ToDictionary(g => g.Key, g => g.Select(r => Attr(r, "fill")).Distinct().ToList());
        Assert.Equal(2, fills.Count);
        Assert.All(fills.Values, colours => Assert.Single(colours));
        Assert.NotEqual(fills.Values.First()[0], fills.Values.Last()[0]);
        Assert.Equal(2, figure.Descendants("li").Count());
    }

    [Fact]
    public void Render_TenThousandStatements_MergedPastTheLimitWhichTheCaptionStates()
    {
        var lines = new List<Ev>(10_000);
        for (var i = 0; i < 10_000; i++)
        {
            // Three interleaved shapes, so merging runs of one shape alone cannot reach the limit.
            lines.Add(Line("GET /export", $"SELECT * FROM t{i % 3} WHERE id = @p0", $"Export.Run (Export.cs:{i % 3})", i * 0.1, 0.05, i));
        }

        var (scope, report) = Analyse(lines, maxEvents: 20_000);
        Assert.Equal(10_000, scope.Events.Count);
        var html = WaterfallChart.Render(scope, report.Findings);
        var figure = Parse(html);
        Assert.Equal("10000", Attr(figure, "data-statements"));
        Assert.Equal("true", Attr(figure, "data-merged"));
        var bars = figure.Descendants(Svg("rect")).Where(r => Attr(r, "class") == "qd-bar").ToList();
        Assert.InRange(bars.Count, 2, WaterfallChartOptions.DefaultMaxBars);
        Assert.Equal(10_000, bars.Sum(b => int.Parse(b.Attribute("data-count")?.Value ?? "1", CultureInfo.InvariantCulture)));
        Assert.Contains("past 500 bars", figure.Element("figcaption")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoStartTimes_StatementsDrawnOneAfterAnotherAndSaidSo()
    {
        var lines = Enumerable.Range(0, 3).Select(i => Line("job", "SELECT 1", null, null, 1.0, null)).ToList();
        var (scope, report) = Analyse(lines);
        var figure = Parse(WaterfallChart.Render(scope, report.Findings));
        var xs = figure.Descendants(Svg("rect")).Where(r => Attr(r, "class") == "qd-bar").Select(r => double.Parse(Attr(r, "x"), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, xs.Count);
        Assert.True(xs[0] < xs[1] && xs[1] < xs[2]);
        Assert.Contains("no start times", figure.Element("figcaption")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileNamesAndSql_Encoded()
    {
        var lines = Enumerable.Range(0, 3).Select(i => Line("<script>alert(1)</script>", "SELECT '</title><script>x</script>' FROM t WHERE id = @p0", "<img src=x onerror=alert(1)>", i, 1, i)).ToList();
        var (scope, report) = Analyse(lines);
        var html = WaterfallChart.Render(scope, report.Findings, new WaterfallChartOptions { Id = "w\"><script>" });
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Parse(html);
    }

    [Fact]
    public void Render_InterleavedCombsStartingOnNeighbouringRows_LabelsDoNotOverlap()
    {
        var lines = new List<Ev>();
        for (var i = 0; i < 5; i++)
        {
            lines.Add(Line("job", "SELECT * FROM a WHERE id = @p0", "Job.Run (Job.cs:1)", i * 2, 0.5, i));
            lines.Add(Line("job", "SELECT * FROM b WHERE id = @p0", "Job.Run (Job.cs:2)", (i * 2) + 1, 0.5, i));
        }

        var (scope, report) = Analyse(lines);
        var figure = Parse(WaterfallChart.Render(scope, report.Findings));

        var labels = figure.Descendants(Svg("text")).Where(t => Attr(t, "class") == "qd-group-label").ToList();
        Assert.Equal(2, labels.Count);
        var ys = labels.Select(t => double.Parse(Attr(t, "y"), CultureInfo.InvariantCulture)).Order().ToList();
        Assert.True(ys[1] - ys[0] >= 12, $"labels at y {ys[0]} and {ys[1]} overlap");
        var viewBoxHeight = double.Parse(Attr(figure.Descendants(Svg("svg")).First(), "viewBox").Split(' ')[3], CultureInfo.InvariantCulture);
        Assert.True(ys[1] <= viewBoxHeight);
    }

    private static (QueryScope Scope, ScopeReportLike Report) Analyse(IReadOnlyList<Ev> events, int maxEvents = 1000)
    {
        var options = new DetectionOptions { MaxEventsPerScope = maxEvents };
        var builder = new QueryScopeBuilder(events[0].Scope, options?.Recording);
        foreach (var e in events)
        {
            builder.Add(new QueryEvent
            {
                Sql = e.Sql,
                CallSite = CallSite.FromText(e.CallSite),
                StartedAt = e.StartMs is { } start ? Origin.AddMilliseconds(start) : null,
                Duration = TimeSpan.FromMilliseconds(e.DurationMs),
                Parameters = e.Value is { } v ? [new QueryParameter("@p0", v)] : null,
            });
        }

        var scope = builder.Build();
        return (scope, new ScopeReportLike(new ScopeAnalyzer(options).Analyze(scope)));
    }

    private static Ev Line(string scope, string sql, string? callSite, double? startMs, double durationMs, int? value) =>
        new(scope, sql, callSite, startMs, durationMs, value);

    private sealed record Ev(string Scope, string Sql, string? CallSite, double? StartMs, double DurationMs, int? Value);

    private sealed record ScopeReportLike(IReadOnlyList<Finding> Findings);

    /// <summary>The fragment is well-formed XML (HtmlEncode writes only XML's own and numeric entities), so it parses as such.</summary>
    private static XElement Parse(string html) => XElement.Parse(html);

    private static XName Svg(string name) => XName.Get(name, "http://www.w3.org/2000/svg");

    private static string Attr(XElement element, string name) => element.Attribute(name)?.Value ?? "";
}
