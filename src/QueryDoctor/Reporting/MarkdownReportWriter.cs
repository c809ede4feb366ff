using System.Globalization;
using System.Text;

namespace QueryDoctor.Reporting;

/// <summary>
/// Writes a report as GitHub-flavoured Markdown, for pull-request comments and job summaries: a summary
/// line, then one table per scope with each finding and its fix, statements in code blocks.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>Writes a report as Markdown.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(AnalysisReport report, TextWriter writer) => ReportText.Write(writer, ToMarkdown(report));

    /// <summary>Renders a report as Markdown text.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown.</returns>
    public static string ToMarkdown(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("# QueryDoctor report\n\n");
        text.Append(ReportText.Summary(report, ", ")).Append("\n\n");

        if (report.Findings.Count == 0)
        {
            text.Append(report.HasBaseline ? "**No new findings.**\n" : "**No findings.**\n");
            AppendAccepted(report, text);
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"**{report.Findings.Count} finding{ReportText.Plural(report.Findings.Count)}**: ");
        text.Append(string.Join(", ", report.CountByRule().Select(r => $"`{r.Key}` {r.Value.ToString(CultureInfo.InvariantCulture)}")));
        text.Append("\n\n");

        foreach (var group in report.Findings.GroupBy(f => f.Scope))
        {
            var scope = report.Scopes.FirstOrDefault(s => s.Name == group.Key);
            text.Append("## ").Append(Inline(group.Key ?? "Database")).Append('\n');
            if (scope is not null)
            {
                text.Append('\n').Append(ReportText.ScopeTotals(scope)).Append('\n');
            }
            else if (report.ScopeSummaries.FirstOrDefault(s => s.Name == group.Key) is { } summary)
            {
                text.Append('\n').Append(Inline(summary.Describe())).Append('\n');
            }

            text.Append("\n| Severity | Rule | Count | Finding | Fix |\n| --- | --- | ---: | --- | --- |\n");
            foreach (var finding in group)
            {
                text.Append("| ").Append(JsonReportWriter.SeverityText(finding.Severity))
                    .Append(" | `").Append(finding.Rule).Append("` | ")
                    .Append(finding.Count?.ToString(CultureInfo.InvariantCulture) ?? "")
                    .Append(" | ").Append(ReportText.MarkdownCell(finding.Message));
                if (finding.CallSite is not null)
                {
                    text.Append("<br>at `").Append(Code(finding.CallSite)).Append('`');
                }

                if (finding.Sql is not null)
                {
                    text.Append("<br>`").Append(Code(finding.Sql)).Append('`');
                }

                text.Append(" | ").Append(ReportText.MarkdownCell(finding.Suggestion ?? ""));
                if (finding.Ddl is not null)
                {
                    text.Append("<br>`").Append(Code(finding.Ddl)).Append('`');
                }

                text.Append(" |\n");
            }

            text.Append('\n');
        }

        AppendAccepted(report, text);
        return text.ToString();
    }

    private static void AppendAccepted(AnalysisReport report, StringBuilder text)
    {
        if (report.Suppressed.Count > 0)
        {
            text.Append("\n## Suppressed\n\n").Append(ReportText.MarkdownCell(ReportText.Suppressed(report))).Append('\n');
            foreach (var suppressed in report.Suppressed)
            {
                text.Append("\n- ").Append(Inline(ReportText.SuppressedLine(suppressed)));
            }

            text.Append('\n');
        }

        if (!report.HasBaseline)
        {
            return;
        }

        text.Append("\n## Baselined\n\n").Append(ReportText.MarkdownCell(ReportText.Baselined(report))).Append('\n');
        foreach (var finding in report.Baselined)
        {
            text.Append("\n- `").Append(finding.Rule).Append("` ").Append(Inline(finding.Scope ?? finding.Table ?? ""))
                .Append(": ").Append(Inline(finding.Message));
        }

        if (report.Baselined.Count > 0)
        {
            text.Append('\n');
        }
    }

    /// <summary>Text in a table cell: no line breaks, pipes and markup characters escaped.</summary>

    /// <summary>Text in an inline code span inside a table: one line, no backticks, pipes escaped.</summary>
    private static string Code(string value) =>
        string.Join(' ', value.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Replace('`', '\'')
            .Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inline(string value) => ReportText.MarkdownCell(value).Replace("<br>", " ", StringComparison.Ordinal);
}
