using System.Text.Json;

namespace QueryDoctor.Reporting;

/// <summary>
/// Writes the findings JSON of the published contract: <c>tool</c>, <c>findings</c> and <c>summary</c>.
/// Absent evidence is omitted, never written as <c>null</c>.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>Writes a report to a stream as UTF-8 JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">Where to write.</param>
    public static void Write(AnalysisReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        ReportJson.Write(stream, writer => Write(report, writer));
    }

    /// <summary>Writes a report as JSON text to a text writer, as the other report writers write.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(AnalysisReport report, TextWriter writer) => ReportText.Write(writer, ToJson(report));

    /// <summary>Writes a report as JSON text.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON.</returns>
    public static string ToJson(AnalysisReport report) => ReportJson.ToText(stream => Write(report, stream));

    private static void Write(AnalysisReport report, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        ToolInfo.Write(writer);

        writer.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            WriteFinding(finding, writer);
        }

        writer.WriteEndArray();

        if (report.HasBaseline)
        {
            // Listed for the record, apart from "findings": a baselined finding does not fail the run.
            writer.WriteStartArray("baselined");
            foreach (var finding in report.Baselined)
            {
                WriteFinding(finding, writer);
            }

            writer.WriteEndArray();
        }

        if (report.Suppressed.Count > 0)
        {
            writer.WriteStartArray("suppressed");
            foreach (var suppressed in report.Suppressed)
            {
                writer.WriteStartObject();
                WriteFindingProperties(suppressed.Finding, writer);
                writer.WriteString("suppressedBy", suppressed.By);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("summary");
        writer.WriteNumber("events", report.EventCount);
        writer.WriteNumber("scopes", report.ScopeCount);
        writer.WriteNumber("findings", report.Findings.Count);
        writer.WriteStartObject("byRule");
        foreach (var (rule, count) in report.CountByRule())
        {
            writer.WriteNumber(rule, count);
        }

        writer.WriteEndObject();
        if (report.HasBaseline)
        {
            writer.WriteNumber("baselined", report.Baselined.Count);
        }

        if (report.Suppressed.Count > 0)
        {
            writer.WriteNumber("suppressed", report.Suppressed.Count);
        }

        WriteInputCounts(report, writer);
        if (report.Traces is { } traces)
        {
            WriteTraces(traces, writer);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// What the input held beyond findings, as the JSON summary and SARIF's run properties both state it: invalid lines
    /// skipped (when any), scope instances judged, late events, instances judged early (when any).
    /// </summary>
    internal static void WriteInputCounts(AnalysisReport report, Utf8JsonWriter writer)
    {
        WriteIfSet(writer, "skippedLines", report.SkippedLines > 0 ? report.SkippedLines : null);
        writer.WriteNumber("scopeInstances", report.ScopeInstances);
        writer.WriteNumber("late", report.LateEvents);
        WriteIfSet(writer, "judgedEarly", report.JudgedEarly > 0 ? report.JudgedEarly : null);
    }

    private static void WriteTraces(Otlp.TraceInputSummary traces, Utf8JsonWriter writer)
    {
        writer.WriteStartObject("traces");
        writer.WriteNumber("spans", traces.Spans);
        writer.WriteNumber("traces", traces.Traces);
        writer.WriteNumber("instances", traces.Instances);
        writer.WriteNumber("orphans", traces.OrphanStatements);
        writer.WriteNumber("judgedEarly", traces.JudgedEarly);
        writer.WriteNumber("droppedTraces", traces.DroppedTraces);
        writer.WriteNumber("droppedSpans", traces.DroppedSpans);
        writer.WriteNumber("late", traces.LateSpans);
        writer.WriteNumber("open", traces.OpenTraces);
        writer.WriteEndObject();
    }

    /// <summary>Writes a list of strings as a named array, or nothing when it is absent or empty.</summary>
    private static void WriteIfSet(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is not { Count: > 0 })
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes one finding object.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteFinding(Finding finding, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteFindingProperties(finding, writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes a finding's properties (rule, severity, message and the evidence that is set) into the current object.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="writer">Where to write; positioned inside an object.</param>
    public static void WriteFindingProperties(Finding finding, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("rule", finding.Rule);
        writer.WriteString("severity", SeverityText(finding.Severity));
        WriteIfSet(writer, "scope", finding.Scope);
        writer.WriteString("message", finding.Message);
        WriteIfSet(writer, "count", finding.Count);
        WriteIfSet(writer, "occurrences", finding.Occurrences);
        WriteIfSet(writer, "instances", finding.Instances);

        WriteIfSet(writer, "examples", finding.Examples);

        WriteIfSet(writer, "fingerprint", finding.Fingerprint);
        WriteIfSet(writer, "callSite", finding.CallSite);
        WriteIfSet(writer, "table", finding.Table);
        WriteIfSet(writer, "columns", finding.Columns);

        WriteIfSet(writer, "durationMs", finding.DurationMs is { } ms ? Math.Round(ms, 3) : null);
        WriteIfSet(writer, "rows", finding.Rows);
        WriteIfSet(writer, "distinctValues", finding.DistinctValues);

        WriteIfSet(writer, "callers", finding.Callers);

        WriteIfSet(writer, "suggestion", finding.Suggestion);
        WriteIfSet(writer, "ddl", finding.Ddl);
        WriteIfSet(writer, "sql", finding.Sql);
        WriteIfSet(writer, "fingerprints", finding.Fingerprints);

        WriteIfSet(writer, "planBefore", finding.PlanBefore);
        WriteIfSet(writer, "planAfter", finding.PlanAfter);
        WriteIfSet(writer, "otherCallSites", finding.OtherCallSites);
    }

    /// <summary>The contract's spelling of a severity: <c>info</c>, <c>warning</c> or <c>error</c>.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The lowercase name.</returns>
    public static string SeverityText(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        _ => "error",
    };

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
