using System.Globalization;
using System.Text;
using QueryDoctor.Recording;

namespace QueryDoctor.Reporting;

/// <summary>
/// The sentences the Markdown and HTML reports and the CLI's console share, so all say the same thing the same way
/// (the CLI compiles this file in too: the core grants it no InternalsVisibleTo).
/// </summary>
internal static class ReportText
{
    /// <summary>Writes a rendered report: the one body of every report writer's <c>Write(report, TextWriter)</c>.</summary>
    public static void Write(TextWriter writer, string text)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(text);
    }

    public static string Plural(long count) => count == 1 ? "" : "s";

    /// <summary><c>7 statements in 1 scope</c>.</summary>
    public static string Statements(AnalysisReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.EventCount:N0} statements in {report.ScopeCount} scope{Plural(report.ScopeCount)}");

    /// <summary>
    /// The line under a report's title: <c>7 statements in 1 scope · querydoctor 0.1.0</c>, with
    /// <c>2 invalid lines skipped</c> after <paramref name="skippedSeparator"/> when lines were skipped.
    /// </summary>
    public static string Summary(AnalysisReport report, string skippedSeparator) =>
        Statements(report) + (report.SkippedLines > 0 ? skippedSeparator + Skipped(report) : "") + " · " + ToolInfo.Name + " " + ToolInfo.Version;

    /// <summary><c>2 invalid lines skipped</c>.</summary>
    public static string Skipped(AnalysisReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.SkippedLines} invalid line{Plural(report.SkippedLines)} skipped");

    /// <summary><c>4 statements, 1.2 ms in the database, 14.2 ms in all</c> (the last part when the scope's own duration is known).</summary>
    public static string ScopeTotals(QueryScope scope)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{scope.StatementCount} statement{Plural(scope.StatementCount)}, {scope.TotalDuration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms in the database");
        return scope.Duration is { } duration
            ? text + string.Create(CultureInfo.InvariantCulture, $", {duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms in all")
            : text;
    }

    /// <summary><c>2 baselined findings, not failing: n-plus-one (1), full-scan (1)</c>.</summary>
    public static string Baselined(AnalysisReport report) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{report.Baselined.Count} baselined finding{Plural(report.Baselined.Count)}, not failing")
        + (report.Baselined.Count == 0 ? "" : ": " + string.Join(", ", report.Baselined.GroupBy(f => f.Rule)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ({g.Count()})"))));

    /// <summary><c>2 suppressed findings: n-plus-one (1), slow-query (1)</c>.</summary>
    public static string Suppressed(AnalysisReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.Suppressed.Count} suppressed finding{Plural(report.Suppressed.Count)}")
        + (report.Suppressed.Count == 0 ? "" : ": " + string.Join(", ", report.Suppressed.GroupBy(f => f.Finding.Rule)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ({g.Count()})"))));

    /// <summary><c>n-plus-one · GET /blogs · posts queried 4 times … (suppressed by tag querydoctor:allow n-plus-one)</c>.</summary>
    public static string SuppressedLine(Detection.SuppressedFinding suppressed) =>
        $"{suppressed.Finding.Rule} · {suppressed.Finding.Scope ?? suppressed.Finding.Table ?? ""} · {suppressed.Finding.Message} (suppressed by {suppressed.By})";

    /// <summary>Text in a table cell: no line breaks, pipes and markup characters escaped.</summary>
    public static string MarkdownCell(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\r':
                    break;
                case '\n':
                    text.Append("<br>");
                    break;
                case '|' or '\\' or '*' or '_' or '<' or '>' or '[' or ']' or '#':
                    text.Append('\\').Append(c);
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }
}
