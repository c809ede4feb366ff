using System.Globalization;
using System.Text;
using QueryDoctor.Analysis;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;

namespace QueryDoctor.Tests.Capture;

/// <summary>
/// A streaming recorder reuses the builder and the statement groups of a judged instance for the next ones: the
/// findings must be those of every instance built afresh, and a snapshot someone still holds must never change.
/// </summary>
public sealed class WorkloadRecorderReuseTests
{
    [Fact]
    public void Read_InstancesOneAfterAnotherReusingBuilders_SameFindingsAsFreshlyBuiltInstances()
    {
        var log = VariedLog(instances: 90);

        var streamed = Streamed(log, new DetectionOptions());
        var fresh = KeptThenJudged(log, new DetectionOptions());

        Assert.Equal(90, streamed.ScopeInstances);
        Assert.Contains(streamed.Findings, f => f.Rule == "n-plus-one");
        Assert.Contains(streamed.Findings, f => f.Rule == "duplicate-query");
        Assert.Contains(streamed.Findings, f => f.Rule == "n-plus-one-write");
        Assert.Equal(Describe(fresh), Describe(streamed));
        Assert.Equal(Summaries(fresh), Summaries(streamed));
    }

    [Fact]
    public void Read_CustomDetectorKeepsEveryScope_KeptScopesStayAsTheyWereJudged()
    {
        var keeper = new KeepingDetector();
        var options = new DetectionOptions();
        options.Detectors.Add(keeper);

        Streamed(VariedLog(instances: 40), options);

        Assert.Equal(40, keeper.Kept.Count);
        foreach (var (scope, asJudged) in keeper.Kept)
        {
            Assert.Equal(asJudged, KeepingDetector.Shape(scope));
        }
    }

    /// <summary>
    /// Requests of three routes, one after another: some load posts once per blog (an N+1 of varying length), some
    /// read a setting twice, some save rows in one batch, some have no start times, one has 300 distinct statements
    /// (too big to be reused) and the ones after it are small again.
    /// </summary>
    private static string VariedLog(int instances)
    {
        var text = new StringBuilder();
        for (var i = 0; i < instances; i++)
        {
            var scope = (i % 3) switch { 0 => "GET /blogs", 1 => "GET /posts/{id}", _ => "POST /posts" };
            var id = "req" + i.ToString(CultureInfo.InvariantCulture);
            var timed = i % 7 != 3;
            var at = 0;
            void Line(string sql, string values, string callSite, string? batch = null)
            {
                text.Append(CultureInfo.InvariantCulture, $"{{\"scope\":\"{scope}\",\"scopeId\":\"{id}\",\"sql\":\"{sql}\",\"parameters\":{values},\"callSite\":\"{callSite}\",\"durationMs\":{0.25 + (at % 4)},\"rows\":{at % 3}");
                if (batch is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $",\"batch\":\"{batch}\"");
                }

                if (timed)
                {
                    text.Append(CultureInfo.InvariantCulture, $",\"startedAt\":\"2026-12-03T12:00:{at % 60:00}.000+00:00\"");
                }

                text.Append("}\n");
                at++;
            }

            Line("SELECT id, name FROM blogs ORDER BY name LIMIT 20", "{}", "Blogs.cs:10");
            for (var blog = 0; blog < i % 8; blog++)
            {
                Line("SELECT id, title FROM posts WHERE blog_id = @id", $"{{\"@id\":{blog + i}}}", "Blogs.cs:25");
            }

            if (i % 4 == 0)
            {
                Line("SELECT value FROM settings WHERE key = @key", "{\"@key\":\"theme\"}", "Layout.cs:8");
                Line("SELECT value FROM settings WHERE key = @key", "{\"@key\":\"theme\"}", "Format.cs:40");
            }

            if (i % 5 == 1)
            {
                for (var row = 0; row < 6; row++)
                {
                    Line("INSERT INTO tags (post_id, name) VALUES (@p, @n)", $"{{\"@p\":{i},\"@n\":{row}}}", "Posts.cs:60", batch: i % 2 == 0 ? "save" + id : null);
                }
            }

            if (i == instances / 2)
            {
                for (var table = 0; table < 300; table++)
                {
                    Line($"SELECT id FROM t{table} WHERE id = @id", "{\"@id\":1}", "Wide.cs:1");
                }
            }

            text.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"scope\",\"scope\":\"{scope}\",\"scopeId\":\"{id}\",\"durationMs\":{5 + i},\"status\":200}}\n");
        }

        return text.ToString();
    }

    private static AnalysisReport Streamed(string log, DetectionOptions options)
    {
        var analyzer = new ScopeInstanceAnalyzer(options);
        var reader = new EventLogReader(new WorkloadRecorder(analyzer));
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(log)), "reuse.jsonl");
        return EventLogAnalysis.Finish(reader, analyzer);
    }

    private static AnalysisReport KeptThenJudged(string log, DetectionOptions options)
    {
        var recorder = new WorkloadRecorder(options.Recording);
        var reader = new EventLogReader(recorder);
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(log)), "reuse.jsonl");
        var analyzer = new ScopeInstanceAnalyzer(options);
        foreach (var scope in recorder.Build())
        {
            analyzer.Add(scope);
        }

        return analyzer.Snapshot();
    }

    private static List<string> Describe(AnalysisReport report) =>
    [
        .. report.Findings.Select(f => string.Join(
            " | ",
            f.Rule,
            f.Scope,
            f.Message,
            f.Count,
            f.Occurrences,
            f.Instances,
            f.Fingerprint,
            f.CallSite,
            string.Join(",", f.OtherCallSites ?? []),
            f.DistinctValues,
            f.DurationMs,
            string.Join(",", f.Examples ?? []),
            f.Suggestion)),
    ];

    private static List<string> Summaries(AnalysisReport report) =>
    [
        .. report.ScopeSummaries.Select(s => string.Join(
            " | ",
            s.Name,
            s.Instances,
            s.Statements,
            s.RoundTrips,
            s.QueriesMedian,
            s.QueriesP95,
            s.MillisecondsMedian,
            s.MillisecondsP95,
            s.StatementMilliseconds)),
    ];

    /// <summary>A custom detector that keeps every scope it is shown, with what its groups held at that moment.</summary>
    private sealed class KeepingDetector : IScopeDetector
    {
        public List<(QueryScope Scope, string AsJudged)> Kept { get; } = [];

        public static string Shape(QueryScope scope) => string.Join(
            ";",
            scope.Groups.Select(g => string.Join(
                ",",
                g.Fingerprint.Id,
                g.CallSite.Text,
                g.Count,
                g.RoundTrips,
                g.FirstIndex,
                g.LastIndex,
                g.TotalDuration.Ticks,
                g.MaxRows,
                g.DistinctValues,
                g.MinGap?.Ticks,
                string.Join("/", g.ValueCounts.Select(v => v.Value)))));

        public IEnumerable<Finding> Detect(ScopeDetectionContext context)
        {
            Kept.Add((context.Scope, Shape(context.Scope)));
            return [];
        }
    }
}
