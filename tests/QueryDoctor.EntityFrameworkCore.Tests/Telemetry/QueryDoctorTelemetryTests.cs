using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QueryDoctor.Capture;
using QueryDoctor.Telemetry;

namespace QueryDoctor.EntityFrameworkCore.Tests.Telemetry;

/// <summary>
/// Findings and totals reach OpenTelemetry through the SDK's own pipeline (in-memory exporter): events on the
/// request's span, a findings counter and per-scope histograms. EF Core on SQLite runs the N+1.
/// </summary>
public sealed class QueryDoctorTelemetryTests : CaptureTestBase
{
    // The request's span comes from an application source, as ASP.NET Core's would.
    private static readonly ActivitySource App = new("QueryDoctor.Tests.App");

    [Fact]
    public void Record_NPlusOneInsideRequestSpan_AddsFindingEventWithRuleCountAndCallSite()
    {
        var exported = new List<Activity>();
        var name = "GET /calendars " + Guid.NewGuid().ToString("N");
        using (var tracer = Sdk.CreateTracerProviderBuilder()
                   .AddSource(App.Name)
                   .AddSource(QueryDoctorTelemetry.ActivitySourceName)
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            using var request = App.StartActivity("GET /calendars", ActivityKind.Server)!;
            RunNPlusOne(name);
        }

        var span = Assert.Single(exported, a => a.Source.Name == App.Name);
        var finding = Assert.Single(span.Events, e => e.Name == QueryDoctorTelemetry.FindingEventName);
        var tags = finding.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("n-plus-one", tags["querydoctor.rule"]);
        Assert.Equal("warning", tags["querydoctor.severity"]);
        Assert.Equal(TestDatabase.Calendars, tags["querydoctor.count"]);
        Assert.False(string.IsNullOrEmpty((string?)tags["querydoctor.fingerprint"]));
        Assert.EndsWith(nameof(RunNPlusOne), (string?)tags["code.function.name"]);
        Assert.Equal("QueryDoctorTelemetryTests.cs", tags["code.file.path"]);
        Assert.True((int)tags["code.line.number"]! > 0);
        Assert.Equal("SELECT Members", tags["db.query.summary"]);
        // The normalised text only: the loop's id values never leave the process.
        Assert.DoesNotContain(tags.Values.OfType<string>(), v => v.Contains("= 2", StringComparison.Ordinal));
        // The request span carried the events: QueryDoctor started no span of its own for this scope (the listener is
        // process-wide, so scopes of tests running beside this one may export theirs here).
        Assert.DoesNotContain(exported, a => a.Source.Name == QueryDoctorTelemetry.ActivitySourceName && (string?)a.GetTagItem("querydoctor.scope") == name);
    }

    [Fact]
    public void Record_NoCurrentSpan_StartsQueryDoctorScopeSpanWithTheEvents()
    {
        var exported = new List<Activity>();
        var name = "job:cleanup " + Guid.NewGuid().ToString("N");
        using (var tracer = Sdk.CreateTracerProviderBuilder()
                   .AddSource(QueryDoctorTelemetry.ActivitySourceName)
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            Assert.Null(Activity.Current);
            RunNPlusOne(name);
        }

        var span = Assert.Single(exported, a => (string?)a.GetTagItem("querydoctor.scope") == name);
        Assert.Equal("querydoctor.scope", span.OperationName);
        Assert.Equal("n-plus-one", Assert.Single(span.Events).Tags.First(t => t.Key == "querydoctor.rule").Value);
    }

    [Fact]
    public void Record_NoQueryDoctorListener_LeavesTheRequestSpanUntouched()
    {
        var exported = new List<Activity>();
        using (var tracer = Sdk.CreateTracerProviderBuilder()
                   .AddSource(App.Name)
                   .AddInMemoryExporter(exported)
                   .Build())
        {
            using var request = App.StartActivity("GET /calendars", ActivityKind.Server)!;
            var report = RunNPlusOne("untraced " + Guid.NewGuid().ToString("N"));
            Assert.Single(report.Findings);
        }

        Assert.Empty(Assert.Single(exported).Events);
    }

    [Fact]
    public void Record_MeterListened_CountsFindingsAndRecordsStatementsAndDatabaseTimePerScope()
    {
        var metrics = new List<Metric>();
        var name = "GET /metrics " + Guid.NewGuid().ToString("N");
        using var meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(QueryDoctorTelemetry.MeterName)
            .AddInMemoryExporter(metrics)
            .Build();
        RunNPlusOne(name);
        RunNPlusOne(name);
        meter.ForceFlush();

        // Read before the provider is disposed (disposing exports the cumulative points once more).
        var findings = Points(metrics, QueryDoctorTelemetry.FindingsCounterName, name);
        var point = Assert.Single(findings);
        Assert.Equal(2, point.GetSumLong());
        Assert.Equal("n-plus-one", Tag(point, "querydoctor.rule"));
        Assert.Equal("warning", Tag(point, "querydoctor.severity"));

        var statements = Assert.Single(Points(metrics, QueryDoctorTelemetry.StatementsHistogramName, name));
        Assert.Equal(2, statements.GetHistogramCount());
        Assert.Equal(2 * (1 + TestDatabase.Calendars), statements.GetHistogramSum());

        var time = Assert.Single(Points(metrics, QueryDoctorTelemetry.DatabaseDurationHistogramName, name));
        Assert.Equal(2, time.GetHistogramCount());
        Assert.True(time.GetHistogramSum() > 0);
        Assert.Equal("s", metrics.First(m => m.Name == QueryDoctorTelemetry.DatabaseDurationHistogramName).Unit);
    }

    private ScopeReport RunNPlusOne(string scopeName)
    {
        using var context = Db.Context(Capture);
        var scope = QueryDoctorScope.Begin(scopeName);
        foreach (var id in context.Calendars.Select(c => c.Id).ToList())
        {
            _ = context.Members.Where(m => m.CalendarId == id).ToList();
        }

        scope.Dispose();
        return ReportOf(scope);
    }

    private static List<MetricPoint> Points(List<Metric> metrics, string metricName, string scope)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in metrics.Where(m => m.Name == metricName))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (Tag(point, "querydoctor.scope") == scope)
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
