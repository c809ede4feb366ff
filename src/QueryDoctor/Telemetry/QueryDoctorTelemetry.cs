using System.Diagnostics;
using System.Diagnostics.Metrics;
using QueryDoctor.Capture;
using QueryDoctor.Reporting;

namespace QueryDoctor.Telemetry;

/// <summary>
/// The names of what QueryDoctor sends to OpenTelemetry. Each finding of a finished scope becomes an event
/// (<c>querydoctor.finding</c>) on the request's current <see cref="Activity"/>, and the <see cref="MeterName"/>
/// meter counts findings and records statements and database time per scope. Nothing is emitted, and nothing
/// costs, until an OpenTelemetry pipeline listens:
/// <c>AddOpenTelemetry().WithTracing(t =&gt; t.AddSource("QueryDoctor")).WithMetrics(m =&gt; m.AddMeter("QueryDoctor"))</c>.
/// Parameter values are never part of it.
/// </summary>
public static class QueryDoctorTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name: <c>QueryDoctor</c>.</summary>
    public const string ActivitySourceName = "QueryDoctor";

    /// <summary>The <see cref="Meter"/> name: <c>QueryDoctor</c>.</summary>
    public const string MeterName = "QueryDoctor";

    /// <summary>The name of the event each finding adds to the request's activity.</summary>
    public const string FindingEventName = "querydoctor.finding";

    /// <summary>The counter of findings (tags <c>querydoctor.rule</c>, <c>querydoctor.severity</c>, <c>querydoctor.scope</c>).</summary>
    public const string FindingsCounterName = "querydoctor.findings";

    /// <summary>The histogram of statements per finished scope (tag <c>querydoctor.scope</c>).</summary>
    public const string StatementsHistogramName = "querydoctor.scope.statements";

    /// <summary>The histogram of database time per finished scope, in seconds (tag <c>querydoctor.scope</c>).</summary>
    public const string DatabaseDurationHistogramName = "querydoctor.scope.db.duration";

    internal static readonly ActivitySource Source = new(ActivitySourceName, ToolInfo.Version);

    internal static readonly Meter Meter = new(MeterName, ToolInfo.Version);

    internal static readonly Counter<long> Findings = Meter.CreateCounter<long>(
        FindingsCounterName, "{finding}", "Findings of finished scopes, by rule, severity and scope.");

    internal static readonly Histogram<long> Statements = Meter.CreateHistogram(
        StatementsHistogramName,
        "{statement}",
        "Statements sent by one finished scope (a request, a job run).",
        tags: null,
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 500, 1000] });

    internal static readonly Histogram<double> DatabaseDuration = Meter.CreateHistogram(
        DatabaseDurationHistogramName,
        "s",
        "Database time of one finished scope: the sum of its statements' durations.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>
    /// Sends a finished scope's findings and totals. Without a listener this is a few flag reads. Never throws:
    /// telemetry must not break the host.
    /// </summary>
    internal static void Record(ScopeReport report, TimeSpan? duration)
    {
        var tracing = Source.HasListeners();
        if (!tracing && !Findings.Enabled && !Statements.Enabled && !DatabaseDuration.Enabled)
        {
            return;
        }

        try
        {
            var scopeTag = new KeyValuePair<string, object?>("querydoctor.scope", report.Name);
            if (Statements.Enabled)
            {
                Statements.Record(report.Scope.StatementCount, scopeTag);
            }

            if (DatabaseDuration.Enabled)
            {
                DatabaseDuration.Record(report.Scope.TotalDuration.TotalSeconds, scopeTag);
            }

            if (report.Findings.Count == 0)
            {
                return;
            }

            if (Findings.Enabled)
            {
                foreach (var finding in report.Findings)
                {
                    Findings.Add(
                        1,
                        new KeyValuePair<string, object?>("querydoctor.rule", finding.Rule),
                        new KeyValuePair<string, object?>("querydoctor.severity", JsonReportWriter.SeverityText(finding.Severity)),
                        scopeTag);
                }
            }

            if (tracing)
            {
                AddEvents(report, duration);
            }
        }
#pragma warning disable CA1031 // Telemetry is best effort: a failure here must never reach the application.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static void AddEvents(ScopeReport report, TimeSpan? duration)
    {
        // The request's own span when it is recorded; else (a job, a test, no tracing around) a span of our own.
        var current = Activity.Current;
        Activity? own = null;
        if (current is not { IsAllDataRequested: true })
        {
            own = Source.StartActivity("querydoctor.scope", ActivityKind.Internal);
            if (own is null)
            {
                return;
            }

            if (duration is { } d)
            {
                own.SetStartTime(own.StartTimeUtc - d);
            }

            own.SetTag("querydoctor.scope", report.Name);
            current = own;
        }

        try
        {
            foreach (var finding in report.Findings)
            {
                current.AddEvent(new ActivityEvent(FindingEventName, tags: Tags(finding)));
            }
        }
        finally
        {
            own?.Dispose();
        }
    }

    /// <summary>The event's attributes, in semantic-convention style; only what the finding knows, never parameter values.</summary>
    internal static ActivityTagsCollection Tags(Finding finding)
    {
        var tags = new ActivityTagsCollection
        {
            { "querydoctor.rule", finding.Rule },
            { "querydoctor.severity", JsonReportWriter.SeverityText(finding.Severity) },
            { "querydoctor.message", finding.Message },
        };
        if (finding.Scope is { } scope)
        {
            tags.Add("querydoctor.scope", scope);
        }

        if (finding.Count is { } count)
        {
            tags.Add("querydoctor.count", count);
        }

        if (finding.Fingerprint is { } fingerprint)
        {
            tags.Add("querydoctor.fingerprint", fingerprint);
        }

        if (finding.Sql is { } sql)
        {
            // The normalised text: every value replaced by a placeholder.
            tags.Add("db.query.text", sql);
            if (finding.Table is { } table && FirstWord(sql) is { } verb)
            {
                tags.Add("db.query.summary", verb + " " + table);
            }
        }

        if (finding.Table is { } collection)
        {
            tags.Add("db.collection.name", collection);
        }

        if (finding.DurationMs is { } ms)
        {
            tags.Add("querydoctor.duration_ms", ms);
        }

        if (finding.Suggestion is { } suggestion)
        {
            tags.Add("querydoctor.suggestion", suggestion);
        }

        if (finding.CallSite is { Length: > 0 } callSite)
        {
            AddCallSite(tags, callSite);
        }

        return tags;
    }

    private static void AddCallSite(ActivityTagsCollection tags, string callSite)
    {
        // "Namespace.Type.Method (File.cs:42)", as the capture writes it; other shapes go whole into the function name.
        tags.Add("querydoctor.call_site", callSite);
        var open = callSite.LastIndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && callSite.EndsWith(')') && CallSiteLocation.TrySplitLine(callSite[(open + 2)..^1], out var file, out var line))
        {
            tags.Add("code.function.name", callSite[..open]);
            tags.Add("code.file.path", file.ToString());
            tags.Add("code.line.number", line);
        }
        else if (!callSite.Contains(' ', StringComparison.Ordinal))
        {
            tags.Add("code.function.name", callSite);
        }
    }

    private static string? FirstWord(string sql)
    {
        var trimmed = sql.AsSpan().TrimStart();
        var end = trimmed.IndexOfAny(' ', '\n', '\t');
        var word = end < 0 ? trimmed : trimmed[..end];
        return word.IsEmpty ? null : word.ToString().ToUpperInvariant();
    }
}
